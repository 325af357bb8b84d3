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

export interface Profile {
  userID: string; nick: string; gender: string; birthday: number; location: string; selfSignature: string;
  allowType: string; language: number; avatar: string; messageSettings: number; adminForbidType: string;
  level: number; role: number; lastUpdatedTime: number; profileCustomField: Array<{ key: string; value: string }>;
}

export interface Group {
  groupID: string; name: string; avatar: string; type: string; introduction: string; notification: string;
  ownerID: string; createTime: number; infoSequence: number; lastInfoTime: number;
  selfInfo: { messageRemindType: string; joinTime: number; nameCard: string; role: string; userID: string; [k: string]: any };
  lastMessage: { lastTime: number; lastSequence: number; fromAccount: string; messageForShow: string };
  nextMessageSeq: number; memberCount: number; maxMemberCount: number; joinOption: string; inviteOption: string;
  groupCustomField: any[]; muteAllMembers: boolean; isSupportTopic: boolean;
}

export interface Message {
  ID: string; conversationID: string; conversationType: string; time: number; sequence: number;
  clientSequence: number; random: number; priority: string; nick: string; avatar: string; isPeerRead: boolean;
  nameCard: string; from: string; to: string; flow: 'in' | 'out'; isRead: boolean;
  status: 'unSend' | 'success' | 'fail'; isRevoked: boolean; cloudCustomData: string; payload: any; type: string;
  [key: string]: any;
}

export interface LastMessage {
  lastTime: number; lastSequence: number; fromAccount: string; messageForShow: string; payload: any; type: string;
  isRevoked: boolean; cloudCustomData: string; onlineOnlyFlag: boolean; nick: string; nameCard: string;
  version: number; isPeerRead: boolean; revoker: string | null;
}

export interface Conversation {
  conversationID: string; unreadCount: number; type: 'C2C' | 'GROUP' | 'TOPIC' | '@TIM#SYSTEM';
  lastMessage: LastMessage; _isInfoCompleted: boolean; peerReadTime: number; groupAtInfoList: any[];
  remark: string; isPinned: boolean; messageRemindType: string | undefined; markList: number[];
  customData: string; conversationGroupList: string[]; draftText: string; userProfile?: Profile;
  groupProfile?: Group; subType: string;
  /** Accessor: the ID without its `C2C`/`GROUP` prefix. */
  readonly toAccount: string;
}

export interface ConversationItemsResult {
  successConversationIDList: string[];
  failureConversationIDList: Array<{ conversationID: string; code: number; message: string }>;
}

export interface ConversationListFilter {
  type?: 'C2C' | 'GROUP'; markType?: number; groupName?: string; hasUnreadCount?: boolean; hasGroupAtInfo?: boolean;
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
  getConversationList(options?: string[] | ConversationListFilter): Promise<ChatResponse<{ conversationList: Conversation[]; isSyncCompleted: boolean }>>;
  getConversationProfile(conversationID: string): Promise<ChatResponse<{ conversation: Conversation }>>;
  deleteConversation(options: string | { conversationIDList: string[]; clearHistoryMessage?: boolean }): Promise<ChatResponse<any>>;
  getTotalUnreadMessageCount(): number;
  setMessageRead(options: { conversationID: string }): Promise<ChatResponse<{}>>;
  setAllMessageRead(options?: { scope?: string }): Promise<ChatResponse<{}>>;
  getConversationGroupList(): Promise<ChatResponse<string[]>>;
  createConversationGroup(options: { groupName: string; conversationIDList: string[] }): Promise<ChatResponse<ConversationItemsResult>>;
  deleteConversationGroup(groupName: string): Promise<undefined>;
  renameConversationGroup(options: { oldName: string; newName: string }): Promise<undefined>;
  addConversationsToGroup(options: { groupName: string; conversationIDList: string[] }): Promise<ChatResponse<ConversationItemsResult>>;
  deleteConversationsFromGroup(options: { groupName: string; conversationIDList: string[] }): Promise<ChatResponse<ConversationItemsResult>>;
  createTextMessage(options: { to: string; conversationType: string; payload: { text: string }; cloudCustomData?: string }): Message;
  createCustomMessage(options: { to: string; conversationType: string; payload: { data?: string; description?: string; extension?: string }; cloudCustomData?: string }): Message;
  sendMessage(message: Message, options?: any): Promise<ChatResponse<{ message: Message }>>;
  getMessageList(options: { conversationID: string; nextReqMessageID?: string; count?: number }): Promise<ChatResponse<{ nextReqMessageID: string; messageList: Message[]; isCompleted: boolean }>>;
  createGroup(options: { name: string; type?: string; groupID?: string; memberList?: Array<{ userID: string }> }): Promise<ChatResponse<{ group: Group; overLimitUserIDList: string[] }>>;
  joinGroup(options: { groupID: string; type?: string; applyMessage?: string }): Promise<ChatResponse<{ status: string; group?: Group }>>;
  quitGroup(groupID: string): Promise<ChatResponse<{ groupID: string }>>;
  dismissGroup(groupID: string): Promise<ChatResponse<{ groupID: string }>>;
  getGroupList(options?: any): Promise<ChatResponse<{ groupList: Group[]; isSyncCompleted: boolean }>>;
  getGroupProfile(options: { groupID: string }): Promise<ChatResponse<{ group: Group }>>;
  getMyProfile(): Promise<ChatResponse<Profile>>;
  getUserProfile(options: { userIDList: string[] }): Promise<ChatResponse<Profile[]>>;
  updateMyProfile(options: Partial<Profile>): Promise<ChatResponse<Profile>>;
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

/**
 * The embedded local cloud's admin handle for one SDKAppID (the local counterpart of the server
 * REST API). Changes reach logged-in instances, in every tab of the origin, as server pushes do.
 * `storage: 'memory'` applies when the handle is the SDKAppID's first use in the page.
 */
export declare class LocalCloud {
  constructor(SDKAppID: number | string, options?: { storage?: 'memory' | 'indexeddb' });
  importAccount(options: { userID: string; nick?: string; avatar?: string }): Promise<Profile>;
  sendMessage(options: {
    from: string; to: string; conversationType?: 'C2C' | 'GROUP'; text?: string;
    payload?: { text?: string; data?: string; description?: string; extension?: string }; cloudCustomData?: string;
  }): Promise<Message>;
  createGroup(options: { ownerID: string; groupID?: string; name?: string; type?: string; memberList?: Array<string | { userID: string }> }): Promise<{ groupID: string }>;
  joinGroup(options: { userID: string; groupID: string }): Promise<Group>;
  createConversationGroup(options: { userID: string; groupName: string; conversationIDList: string[] }): Promise<undefined>;
  renameConversationGroup(options: { userID: string; oldName: string; newName: string }): Promise<undefined>;
  deleteConversationGroup(options: { userID: string; groupName: string }): Promise<undefined>;
  addConversationsToGroup(options: { userID: string; groupName: string; conversationIDList: string[] }): Promise<undefined>;
  deleteConversationsFromGroup(options: { userID: string; groupName: string; conversationIDList: string[] }): Promise<undefined>;
  getConversationGroups(options: { userID: string }): Promise<Array<{ groupName: string; conversationIDList: string[] }>>;
}

/** The instance methods this build implements; the others reject with 2998. */
export declare function implementedMethods(): string[];
