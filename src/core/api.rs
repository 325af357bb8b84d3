//! Which public methods may run before the SDK is ready (spec §7.2). The list of all 149
//! method names and of those built so far is public-surface data in `js/constants.js`; what is
//! built is decided by `Client::call` and the facade (anything else rejects 2998).

/// Methods that run while the SDK is not ready (spec §7.2). `once` is ours (docs/COMPATIBILITY.md).
pub const WHITELIST: [&str; 16] = [
    "login",
    "logout",
    "getLoginUser",
    "destroy",
    "on",
    "off",
    "once",
    "setLogLevel",
    "joinGroup",
    "quitGroup",
    "registerPlugin",
    "getGroupOnlineMemberCount",
    "isReady",
    "addSignalingListener",
    "removeSignalingListener",
    "callExperimentalAPI",
];

pub fn is_whitelisted(name: &str) -> bool {
    WHITELIST.contains(&name) || ANY_TIME.contains(&name)
}

/// Methods the original declares synchronous (its `index.d.ts`: not a Promise). They return or
/// throw synchronously at any time, never a Promise (CONTRACT §3); one not built throws 2998.
pub const SYNC: [&str; 26] = [
    "getLoginUser",
    "getServerTime",
    "isReady",
    "on",
    "off",
    "once",
    "registerPlugin",
    "setLogLevel",
    "createTextMessage",
    "createTextAtMessage",
    "createImageMessage",
    "createAudioMessage",
    "createVideoMessage",
    "createCustomMessage",
    "createFaceMessage",
    "createFileMessage",
    "createLocationMessage",
    "createMergerMessage",
    "createForwardMessage",
    "findMessage",
    "getTotalUnreadMessageCount",
    "addSignalingListener",
    "removeSignalingListener",
    "inviteSync",
    "inviteInGroupSync",
    "getSignalingInfo",
];

pub fn is_sync(name: &str) -> bool {
    SYNC.contains(&name)
}

/// Synchronous methods that answer before the SDK is ready too, from what is known then (no
/// unread messages, no messages found, the clock): ours, where the original returns a rejected
/// Promise (docs/COMPATIBILITY.md). The other synchronous methods throw the gate's error.
pub const ANY_TIME: [&str; 4] = [
    "getServerTime",
    "getTotalUnreadMessageCount",
    "findMessage",
    "getSignalingInfo",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_methods_that_run_before_ready_are_whitelisted() {
        for n in [
            "login",
            "logout",
            "on",
            "off",
            "once",
            "isReady",
            "getLoginUser",
            "destroy",
            "callExperimentalAPI",
        ] {
            assert!(is_whitelisted(n), "{n}");
        }
        assert!(!is_whitelisted("getConversationList"));
        assert!(!is_whitelisted("createTextMessage"));
        assert!(is_whitelisted("getTotalUnreadMessageCount"));
        for n in ANY_TIME {
            assert!(is_sync(n), "{n}");
        }
    }
}
