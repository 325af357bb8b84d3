//! Which public methods may run before the SDK is ready (spec §7.2), and which are built here.
//! The list of all 149 method names is public-surface data and lives in `js/constants.js`.

/// Methods that run while the SDK is not ready (spec §7.2). `once` is ours (docs/COMPATIBILITY.md).
pub const WHITELIST: [&str; 15] = [
    "login", "logout", "getLoginUser", "destroy", "on", "off", "once", "setLogLevel", "joinGroup",
    "quitGroup", "registerPlugin", "getGroupOnlineMemberCount", "isReady", "addSignalingListener",
    "removeSignalingListener",
];

/// Also runs while not ready (kept apart: it is whitelisted in the original too).
const ALSO_WHITELISTED: [&str; 1] = ["callExperimentalAPI"];

/// Methods built so far. Every other method rejects with 2998 (`NO_MODULE`) naming itself.
pub const BUILT: [&str; 37] = [
    "login", "logout", "getLoginUser", "getServerTime", "on", "once", "off", "setLogLevel",
    "registerPlugin", "destroy", "isReady", "callExperimentalAPI",
    "getConversationList", "getConversationProfile", "deleteConversation", "getTotalUnreadMessageCount",
    "setMessageRead", "setAllMessageRead",
    "getConversationGroupList", "createConversationGroup", "deleteConversationGroup", "renameConversationGroup",
    "addConversationsToGroup", "deleteConversationsFromGroup",
    "createTextMessage", "createCustomMessage", "sendMessage", "getMessageList",
    "createGroup", "joinGroup", "quitGroup", "dismissGroup", "getGroupList", "getGroupProfile",
    "getMyProfile", "getUserProfile", "updateMyProfile",
];

pub fn is_whitelisted(name: &str) -> bool {
    WHITELIST.contains(&name) || ALSO_WHITELISTED.contains(&name)
}

pub fn is_built(name: &str) -> bool {
    BUILT.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_methods_that_run_before_ready_are_whitelisted() {
        for n in ["login", "logout", "on", "off", "once", "isReady", "getLoginUser", "destroy", "callExperimentalAPI"] {
            assert!(is_built(n) && is_whitelisted(n), "{n}");
        }
        assert!(!is_whitelisted("getConversationList"));
        assert!(!is_whitelisted("getTotalUnreadMessageCount"));
    }
}
