//! Error codes and the error value every failing operation returns.
//!
//! Codes 2000–3153 are the original SDK's client codes (spec §14.1); 51008–51013 are cloud codes
//! (CONTRACT §4); 6017 is the invalid-parameter code; 2980–2989 are ours (docs/COMPATIBILITY.md).

use std::fmt;

/// Stable numeric codes. Explicit discriminants: they are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Code {
    NoSdkAppId = 2000,
    UserNotLoggedIn = 2024,
    RepeatLogin = 2025,
    ConvNotFound = 2500,
    UserOrGroupNotFound = 2501,
    ConvUnRecordedType = 2502,
    InvalidConvId = 2503,
    UncaughtError = 2903,
    InvalidOperation = 2905,
    NoModule = 2998,
    LoggingIn = 3000,
    LoginFailed = 3001,
    KickedOutUserSigExpired = 3004,
    LoggedOut = 3005,
    KickedOutRestApi = 3006,
    InvalidParameter = 6017,
    /// Ours: the WebAssembly module is not available (not a browser, or it failed to load).
    WasmUnavailable = 2980,
    /// Ours: the call was cut off because the session ended (logout or destroy) before it finished.
    SessionEnded = 2982,
    /// Ours: the browser's storage (IndexedDB) cannot be opened; nothing can be loaded or kept.
    StorageUnavailable = 2983,
    /// Ours: a change could not be committed to storage (quota exceeded, transaction aborted);
    /// none of it was kept.
    StorageFailed = 2984,
    /// Ours: a stored record could not be read; it was skipped and everything else loaded.
    StorageCorrupt = 2985,
}

impl Code {
    pub fn as_u32(self) -> u32 {
        self as u32
    }

    /// The English text we ship for a code (the original downloads its texts; ours are built in).
    pub fn text(self) -> &'static str {
        match self {
            Code::NoSdkAppId => "SDKAppID is missing or 0",
            Code::UserNotLoggedIn => "The user is not logged in",
            Code::RepeatLogin => "A login is already in progress",
            Code::ConvNotFound => "Conversation not found",
            Code::UserOrGroupNotFound => "User or group not found",
            Code::ConvUnRecordedType => "Unsupported conversation type",
            Code::InvalidConvId => "Invalid conversation ID",
            Code::UncaughtError => "Unexpected error",
            Code::InvalidOperation => "Invalid operation",
            Code::NoModule => "This method is not implemented yet",
            Code::LoggingIn => "The SDK is logging in",
            Code::LoginFailed => "The last login failed",
            Code::KickedOutUserSigExpired => "The userSig expired: kicked out",
            Code::LoggedOut => "The user has logged out",
            Code::KickedOutRestApi => "Kicked out by the REST API",
            Code::InvalidParameter => "Params validate failed.",
            Code::WasmUnavailable => "The WebAssembly module is not available",
            Code::SessionEnded => "The session ended before the call finished",
            Code::StorageUnavailable => "IndexedDB is not available",
            Code::StorageFailed => "The change was not stored",
            Code::StorageCorrupt => "A stored record was unreadable",
        }
    }
}

/// A failure: the numeric code plus a message that is never empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: u32,
    pub message: String,
}

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let message = message.into();
        let message = if message.is_empty() {
            code.text().to_string()
        } else {
            message
        };
        Error {
            code: code.as_u32(),
            message,
        }
    }

    pub fn of(code: Code) -> Self {
        Error {
            code: code.as_u32(),
            message: code.text().to_string(),
        }
    }

    /// A cloud (server) error with its own code.
    pub fn raw(code: u32, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Error {}

/// Result of a public operation.
pub type Result<T> = std::result::Result<T, Error>;
