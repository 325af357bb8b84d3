//! Which public methods may run before the SDK is ready (spec §7.2). The list of all 149
//! method names and of those built so far is public-surface data in `js/constants.js`; what is
//! built is decided by `Client::call` and the facade (anything else rejects 2998).

/// Methods that run while the SDK is not ready (spec §7.2). `once` is ours (docs/COMPATIBILITY.md).
pub const WHITELIST: [&str; 16] = [
    "login", "logout", "getLoginUser", "destroy", "on", "off", "once", "setLogLevel", "joinGroup",
    "quitGroup", "registerPlugin", "getGroupOnlineMemberCount", "isReady", "addSignalingListener",
    "removeSignalingListener", "callExperimentalAPI",
];

pub fn is_whitelisted(name: &str) -> bool {
    WHITELIST.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_methods_that_run_before_ready_are_whitelisted() {
        for n in ["login", "logout", "on", "off", "once", "isReady", "getLoginUser", "destroy", "callExperimentalAPI"] {
            assert!(is_whitelisted(n), "{n}");
        }
        assert!(!is_whitelisted("getConversationList"));
        assert!(!is_whitelisted("getTotalUnreadMessageCount"));
    }
}
