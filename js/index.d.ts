// Public types of tim-wasm. Names and shapes follow the Tencent Cloud Chat web SDK
// (@tencentcloud/chat 3.6.6) at runtime; where its own index.d.ts is wrong (CONV_MARK_TYPE_FOLD
// and _HIDE, missing EVENT/TYPES keys), these types follow the runtime.

export interface ChatResponse<T = any> {
  code: 0;
  data: T;
}

/** A rejected call: `code` is numeric, `message` is never empty. */
export interface ChatError extends Error {
  code: number;
  message: string;
  data: any;
}

export interface ChatEvent<T = any> {
  name: string;
  data: T;
  /** Present on CONVERSATION_LIST_UPDATED. */
  isSyncCompleted?: boolean;
}

export type EventHandler<T = any> = (event: ChatEvent<T>) => void;

export interface CreateOptions {
  SDKAppID: number | string;
  /** `'memory'` keeps nothing between page loads; the default stores in IndexedDB. */
  storage?: 'memory' | 'indexeddb';
  [key: string]: any;
}

export interface LoginResponseData {
  actionStatus: 'OK';
  errorCode: 0;
  errorInfo: string;
  repeatLogin: boolean;
}

/** One SDK instance. Methods not built yet reject with code 2998 naming the method. */
export interface ChatSDK {
  login(options: { userID: string; userSig: string }): Promise<ChatResponse<LoginResponseData>>;
  logout(): Promise<ChatResponse<{}>>;
  destroy(): Promise<ChatResponse<{}>>;
  isReady(): boolean;
  getLoginUser(): string;
  getServerTime(): number;
  on(eventName: string, handler: EventHandler, context?: any): void;
  once(eventName: string, handler: EventHandler, context?: any): void;
  off(eventName: string, handler: EventHandler, context?: any): void;
  setLogLevel(level: -1 | 0 | 1 | 2 | 3 | 4): void;
  registerPlugin(plugins: Record<string, any>): void;
  callExperimentalAPI(key: string, arg?: any): any;
  [method: string]: (...args: any[]) => any;
}

export declare const EVENT: {
  readonly SDK_READY: 'sdkStateReady';
  readonly SDK_NOT_READY: 'sdkStateNotReady';
  readonly SDK_DESTROY: 'sdkDestroy';
  readonly MESSAGE_RECEIVED: 'onMessageReceived';
  readonly ROOM_CUSTOM_DATA_RECEIVED: 'onRoomCustomDataReceived';
  readonly MESSAGE_MODIFIED: 'onMessageModified';
  readonly MESSAGE_REVOKED: 'onMessageRevoked';
  readonly MESSAGE_READ_BY_PEER: 'onMessageReadByPeer';
  readonly MESSAGE_READ_RECEIPT_RECEIVED: 'onMessageReadReceiptReceived';
  readonly MESSAGE_EXTENSIONS_UPDATED: 'onMessageExtensionsUpdated';
  readonly MESSAGE_EXTENSIONS_DELETED: 'onMessageExtensionsDeleted';
  readonly MESSAGE_REACTIONS_UPDATED: 'onMessageReactionsUpdated';
  readonly CONVERSATION_LIST_UPDATED: 'onConversationListUpdated';
  readonly TOTAL_UNREAD_MESSAGE_COUNT_UPDATED: 'onTotalUnreadMessageCountUpdated';
  readonly CONVERSATION_GROUP_LIST_UPDATED: 'onConversationGroupListUpdated';
  readonly CONVERSATION_IN_GROUP_UPDATED: 'onConversationInGroupUpdated';
  readonly GROUP_LIST_UPDATED: 'onGroupListUpdated';
  readonly GROUP_ATTRIBUTES_UPDATED: 'groupAttributesUpdated';
  readonly GROUP_COUNTER_UPDATED: 'onGroupCounterUpdated';
  readonly TOPIC_CREATED: 'onTopicCreated';
  readonly TOPIC_DELETED: 'onTopicDeleted';
  readonly TOPIC_UPDATED: 'onTopicUpdated';
  readonly PROFILE_UPDATED: 'onProfileUpdated';
  readonly USER_STATUS_UPDATED: 'onUserStatusUpdated';
  readonly BLACKLIST_UPDATED: 'blacklistUpdated';
  readonly FRIEND_LIST_UPDATED: 'onFriendListUpdated';
  readonly FRIEND_GROUP_LIST_UPDATED: 'onFriendGroupListUpdated';
  readonly FRIEND_APPLICATION_LIST_UPDATED: 'onFriendApplicationListUpdated';
  readonly MY_FOLLOWERS_LIST_UPDATED: 'onMyFollowersListUpdated';
  readonly MY_FOLLOWING_LIST_UPDATED: 'onMyFollowingListUpdated';
  readonly MUTUAL_FOLLOWERS_LIST_UPDATED: 'onMutualFollowersListUpdated';
  readonly KICKED_OUT: 'kickedOut';
  readonly ERROR: 'error';
  readonly NET_STATE_CHANGE: 'netStateChange';
  readonly ALL_RECEIVE_MESSAGE_OPT_UPDATED: 'onAllReceiveMessageOptUpdated';
  readonly SERVER_CONFIG_UPDATED: 'onServerConfigUpdated';
  readonly PINNED_GROUP_MESSAGE_UPDATED: 'onPinnedGroupMessageUpdated';
};

/** The original's TYPES (115 members) with runtime values, e.g. CONV_MARK_TYPE_FOLD = 4. */
export declare const TYPES: Record<string, string | number> & {
  readonly CONV_C2C: 'C2C';
  readonly CONV_GROUP: 'GROUP';
  readonly CONV_TOPIC: 'TOPIC';
  readonly CONV_SYSTEM: '@TIM#SYSTEM';
  readonly CONV_MARK_TYPE_STAR: 1;
  readonly CONV_MARK_TYPE_UNREAD: 2;
  readonly CONV_MARK_TYPE_FOLD: 4;
  readonly CONV_MARK_TYPE_HIDE: 8;
  readonly MSG_REMIND_ACPT_AND_NOTE: 'AcceptAndNotify';
  readonly MSG_REMIND_ACPT_NOT_NOTE: 'AcceptNotNotify';
  readonly MSG_REMIND_DISCARD: 'Discard';
  readonly MSG_TEXT: 'TIMTextElem';
  readonly MSG_CUSTOM: 'TIMCustomElem';
};

export declare const TSignaling: Record<string, string | number>;

export interface TencentCloudChatStatic {
  create(options: CreateOptions): ChatSDK | null;
  readonly EVENT: typeof EVENT;
  readonly TYPES: typeof TYPES;
  readonly TSignaling: typeof TSignaling;
  readonly VERSION: string;
}

declare const TencentCloudChat: TencentCloudChatStatic;
export default TencentCloudChat;
export { TencentCloudChat };

/** The instance methods this build implements; the others reject with 2998. */
export declare function implementedMethods(): string[];
