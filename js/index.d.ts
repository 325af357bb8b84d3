// Public types of tim-wasm, a drop-in for the Tencent Cloud Chat web SDK (`@tencentcloud/chat`
// 3.6.6, its default export `TencentCloudChat`).
//
// Compatibility rule: TypeScript written against the original's own index.d.ts type-checks
// unchanged against this file (tests/types/original-usage.ts checks it both ways). So every
// parameter accepts at least what the original's does, and every result is the original's type
// or a narrower one that can be used wherever the original's could.
// Where the original's declarations contradict its run-time behaviour (CONV_MARK_TYPE_FOLD/_HIDE
// values, EVENT and TYPES keys it does not declare, fields its objects never carry), these types
// follow the run time while still accepting code written to the original's types; the comments
// say where.
//
// Sections: 1 responses and events · 2 option objects · 3 SDK objects · 4 the SDK instance
// (ChatSDK) · 5 the TencentCloudChat namespace (create, EVENT, TYPES, TSignaling, VERSION) ·
// 6 tim-wasm's own additions (LocalCloud, implementedMethods).

// =============================================================================================
// 1. Responses, errors and events
// =============================================================================================

/** What a successful call resolves with. */
export interface ChatResponse<T = any> {
  code: 0;
  data: T;
}

/** A rejected call: `code` is numeric, `message` is never empty. Invalid arguments are thrown
 * synchronously with code 6017. */
export interface ChatError extends Error {
  code: number;
  message: string;
  data: any;
}

/** What a listener registered with `on`/`once` receives. */
export interface ChatEvent<T = any> {
  name: string;
  data: T;
  /** Present on CONVERSATION_LIST_UPDATED. */
  isSyncCompleted?: boolean;
}

export type EventHandler<T = any> = (event: ChatEvent<T>) => void;

/** The event each EVENT value delivers (`chat.on(name, handler)` types `handler` from it). */
export interface ChatEventMap {
  [TencentCloudChat.EVENT.SDK_READY]: ChatEvent<undefined>;
  [TencentCloudChat.EVENT.SDK_NOT_READY]: ChatEvent<undefined>;
  [TencentCloudChat.EVENT.SDK_DESTROY]: ChatEvent<{ SDKAppID: number }>;
  [TencentCloudChat.EVENT.MESSAGE_RECEIVED]: ChatEvent<Message[]>;
  [TencentCloudChat.EVENT.ROOM_CUSTOM_DATA_RECEIVED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.MESSAGE_MODIFIED]: ChatEvent<Message[]>;
  [TencentCloudChat.EVENT.MESSAGE_REVOKED]: ChatEvent<Message[]>;
  [TencentCloudChat.EVENT.MESSAGE_READ_BY_PEER]: ChatEvent<Message[]>;
  [TencentCloudChat.EVENT.MESSAGE_READ_RECEIPT_RECEIVED]: ChatEvent<any[]>;
  [TencentCloudChat.EVENT.MESSAGE_EXTENSIONS_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.MESSAGE_EXTENSIONS_DELETED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.MESSAGE_REACTIONS_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.CONVERSATION_LIST_UPDATED]: ChatEvent<Conversation[]> & { isSyncCompleted: boolean };
  [TencentCloudChat.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED]: ChatEvent<number>;
  [TencentCloudChat.EVENT.CONVERSATION_GROUP_LIST_UPDATED]: ChatEvent<string[]>;
  [TencentCloudChat.EVENT.CONVERSATION_IN_GROUP_UPDATED]: ChatEvent<{ groupName: string; conversationList: Conversation[] }>;
  [TencentCloudChat.EVENT.GROUP_LIST_UPDATED]: ChatEvent<Group[]>;
  [TencentCloudChat.EVENT.GROUP_ATTRIBUTES_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.GROUP_COUNTER_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.TOPIC_CREATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.TOPIC_DELETED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.TOPIC_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.PROFILE_UPDATED]: ChatEvent<Profile[]>;
  [TencentCloudChat.EVENT.USER_STATUS_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.BLACKLIST_UPDATED]: ChatEvent<string[]>;
  [TencentCloudChat.EVENT.FRIEND_LIST_UPDATED]: ChatEvent<Friend[]>;
  [TencentCloudChat.EVENT.FRIEND_GROUP_LIST_UPDATED]: ChatEvent<FriendGroup[]>;
  [TencentCloudChat.EVENT.FRIEND_APPLICATION_LIST_UPDATED]: ChatEvent<FriendApplicationListData>;
  [TencentCloudChat.EVENT.MY_FOLLOWERS_LIST_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.MY_FOLLOWING_LIST_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.MUTUAL_FOLLOWERS_LIST_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.KICKED_OUT]: ChatEvent<{ type: TencentCloudChat.TYPES }>;
  [TencentCloudChat.EVENT.ERROR]: ChatEvent<{ code: number; message: string }>;
  [TencentCloudChat.EVENT.NET_STATE_CHANGE]: ChatEvent<{ state: TencentCloudChat.TYPES }>;
  [TencentCloudChat.EVENT.ALL_RECEIVE_MESSAGE_OPT_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.SERVER_CONFIG_UPDATED]: ChatEvent<any>;
  [TencentCloudChat.EVENT.PINNED_GROUP_MESSAGE_UPDATED]: ChatEvent<any>;
}

export interface LoginResponseData {
  actionStatus: 'OK';
  errorCode: 0;
  errorInfo: string;
  repeatLogin: boolean;
}

/** Per-conversation outcome of the conversation-group, mark and custom-data calls. */
export interface ConversationItemsResult {
  successConversationIDList: string[];
  failureConversationIDList: Array<{ conversationID: string; code: number; message: string }>;
}

export interface FriendApplicationListData {
  friendApplicationList: FriendApplication[];
  unreadCount: number;
}

// =============================================================================================
// 2. Option objects
// =============================================================================================
// Fields the original types as `TencentCloudChat.TYPES` also take the plain value (a string or a
// number), since a TYPES member used inside an object literal widens to the whole mixed
// string/number enum.

export interface CreateOptions {
  /** A number, or a string that parses as one (`create` returns `null` at run time when it does
   * not; the type says `ChatSDK`, as the original's does). */
  SDKAppID: number | string;
  /** `'memory'` keeps nothing between page loads; the default stores in IndexedDB. Decided by
   * the SDKAppID's first use in the page. */
  storage?: 'memory' | 'indexeddb';
  /** A tim-wasm server (`ws://` or `wss://`), or a list of them tried in turn: the instance
   * talks to it instead of the embedded cloud (README, "Run your own server"). In Node before
   * 22, install the `ws` package. */
  server?: string | string[];
  proxyServer?: string | String | undefined;
  fileUploadProxy?: string | String | undefined;
  fileDownloadProxy?: string | String | undefined;
  scene?: string | String | undefined;
  [key: string]: any;
}

export interface LoginOptions {
  userID: string;
  userSig: string;
}

/** The options of every `create...Message` call. `payload` depends on the message kind, e.g.
 * `{ text }` (text), `{ text, atUserList }` (text with @), `{ data, description, extension }`
 * (custom), `{ file }` (image, audio, video, file), `{ index, data }` (face),
 * `{ description, longitude, latitude }` (location), `{ messageList, title, abstractList,
 * compatibleText }` (merger), a Message (forward). */
export interface MessageOptions {
  to: string;
  conversationType: TencentCloudChat.TYPES | string;
  priority?: TencentCloudChat.TYPES | string;
  payload: any;
  cloudCustomData?: string;
  needReadReceipt?: boolean;
  /** Group messages only: the members who receive it. */
  receiverList?: string[];
  isSupportExtension?: boolean;
  /** Upload progress, 0 to 1. */
  onProgress?: ((percent: number) => void) | Function;
  customModerationConfigurationID?: string;
}

export interface OfflinePushInfo {
  disablePush?: boolean;
  disableVoipPush?: boolean;
  title?: string;
  description?: string;
  extension?: string;
  androidInfo?: {
    sound?: string; XiaoMiChannelID?: string; OPPOChannelID?: string; FCMChannelID?: string; VIVOClassification?: string;
    VIVOCategory?: string; HuaWeiCategory?: string; OPPOCategory?: string;
  };
  apnsInfo?: { sound?: string; ignoreIOSBadge?: boolean; disableVoipPush?: boolean };
  [key: string]: any;
}

/** The second argument of `sendMessage`/`resendMessage`. */
export interface SendMessageOptions {
  onlineUserOnly?: boolean;
  offlinePushInfo?: OfflinePushInfo;
  messageControlInfo?: { excludedFromUnreadCount?: boolean; excludedFromLastMessage?: boolean; [key: string]: any };
  [key: string]: any;
}

export interface GetMessageListOptions {
  conversationID: string;
  /** From the previous page's result; leave out for the newest page. */
  nextReqMessageID?: string;
  /** Messages per page, 1 to 15 (15 when left out). */
  count?: number;
}

export interface GetMessageListHoppingOptions {
  conversationID: string;
  /** Group messages: the sequence to start from. */
  sequence?: number;
  /** One-to-one messages: the time to start from. */
  time?: number;
  /** 0: older messages (the default), 1: newer ones. */
  direction?: number;
}

export interface TranslateTextOptions {
  sourceTextList: string[];
  sourceLanguage: string;
  targetLanguage: string;
}

export interface ConvertVoiceToTextOptions {
  message: Message;
  language?: string;
}

export interface SearchCloudMessagesOptions {
  keywordList?: string[];
  keywordListMatchType?: 'or' | 'and';
  senderUserIDList?: string[];
  messageTypeList?: Array<TencentCloudChat.TYPES | string>;
  conversationID?: string;
  timePosition?: number;
  timePeriod?: number;
  count?: number;
  cursor?: string;
}

export interface SearchCloudUsersOptions {
  keywordList?: string[];
  keywordListMatchType?: 'or' | 'and';
  miniBirthday?: number;
  maxBirthday?: number;
  userGenderType?: TencentCloudChat.TYPES.GENDER_FEMALE | TencentCloudChat.TYPES.GENDER_MALE | 'Gender_Type_Female' | 'Gender_Type_Male';
  count?: number;
  cursor?: string;
}

export interface SearchCloudGroupsOptions {
  keywordList?: string[];
  keywordListMatchType?: 'or' | 'and';
  groupTypeList?: Array<TencentCloudChat.TYPES | string>;
  count?: number;
  cursor?: string;
}

export interface SearchCloudGroupMembersOptions extends SearchCloudGroupsOptions {
  groupIDList?: string[];
}

export interface GetMessageReactionsOptions {
  messageList: Message[];
  maxUserCountPerReaction?: number;
}

export interface GetAllUserListOfMessageReactionOptions {
  message: Message;
  reactionID: string;
  nextSeq: number;
  count?: number;
}

export interface GetGroupMessageReadMemberListOptions {
  message: Message;
  /** `''` for the first page, then the previous page's cursor. */
  cursor: string;
  /** 0: members who read it, 1: members who did not. */
  filter: number;
  count: number;
}

/** The filter form of `getConversationList`'s argument. */
export interface ConversationListFilter {
  type?: TencentCloudChat.TYPES | 'C2C' | 'GROUP';
  markType?: TencentCloudChat.TYPES | number;
  groupName?: string;
  hasUnreadCount?: boolean;
  hasGroupAtInfo?: boolean;
}

export interface DeleteConversationOptions {
  conversationIDList: string[];
  /** `true` (the default) also clears the conversations' messages. */
  clearHistoryMessage?: boolean;
}

export interface SetConversationDraftOptions {
  conversationID: string;
  draftText: string;
}

export interface PinConversationOptions {
  conversationID: string;
  isPinned: boolean;
}

export interface SetMessageReadOptions {
  conversationID: string;
}

export interface SetAllMessageReadOptions {
  /** READ_ALL_C2C_MSG, READ_ALL_GROUP_MSG or READ_ALL_MSG (the default). */
  scope?: TencentCloudChat.TYPES | string;
}

export interface SetMessageRemindTypeOptions {
  /** A group (or topic): its setting. */
  groupID?: string;
  /** One-to-one conversations: their users (up to 30). */
  userIDList?: string[];
  messageRemindType: TencentCloudChat.TYPES | string;
}

export interface SetAllReceiveMessageOptOptions {
  messageRemindType?: TencentCloudChat.TYPES | string;
  startHour?: number;
  startMinute?: number;
  startSecond?: number;
  duration?: number;
  isRepeated?: boolean;
}

export interface SetConversationCustomDataOptions {
  conversationIDList: string[];
  customData: string;
}

export interface MarkConversationOptions {
  conversationIDList: string[];
  markType: TencentCloudChat.TYPES | number;
  enableMark: boolean;
}

export interface ConversationGroupOptions {
  groupName: string;
  conversationIDList: string[];
}

export interface RenameConversationGroupOptions {
  oldName: string;
  newName: string;
}

export interface UserIDListOptions {
  userIDList: string[];
}

export interface UpdateMyProfileOptions {
  nick?: string;
  avatar?: string;
  gender?: TencentCloudChat.TYPES | string;
  selfSignature?: string;
  allowType?: TencentCloudChat.TYPES | string;
  birthday?: number;
  location?: string;
  language?: number;
  messageSettings?: number;
  adminForbidType?: TencentCloudChat.TYPES | string;
  level?: number;
  role?: number;
  profileCustomField?: any[];
}

export interface SetSelfStatusOptions {
  customStatus: string;
}

export interface UnsubscribeUserStatusOptions {
  /** `undefined`: every subscription. */
  userIDList: string[] | undefined;
}

export interface AddFriendOptions {
  to: string;
  /** `AddSource_Type_` and a keyword, e.g. `AddSource_Type_Web`. */
  source: string;
  wording?: string;
  type?: TencentCloudChat.TYPES | string;
  remark?: string;
  groupName?: string;
}

export interface DeleteFriendOptions {
  userIDList: string[];
  type?: TencentCloudChat.TYPES | string;
}

export interface CheckFriendOptions {
  userIDList: string[];
  type: TencentCloudChat.TYPES | string;
}

export interface UpdateFriendOptions {
  userID: string;
  remark?: string;
  friendCustomField?: any[];
}

export interface AcceptFriendApplicationOptions {
  userID: string;
  remark?: string;
  type: TencentCloudChat.TYPES | string;
}

export interface RefuseFriendApplicationOptions {
  userID: string;
}

export interface DeleteFriendApplicationOptions {
  userID: string;
  type: TencentCloudChat.TYPES | string;
}

export interface FriendGroupOptions {
  name: string;
  userIDList: string[];
}

export interface DeleteFriendGroupOptions {
  name: string;
}

export interface RenameFriendGroupOptions {
  oldName: string;
  newName: string;
}

export interface GetGroupProfileOptions {
  groupID: string;
  groupCustomFieldFilter?: string[];
}

export interface CreateGroupOptions {
  name: string;
  /** GRP_WORK (the default), GRP_PUBLIC, GRP_MEETING, GRP_AVCHATROOM or GRP_COMMUNITY. */
  type?: TencentCloudChat.TYPES | string;
  groupID?: string;
  introduction?: string;
  notification?: string;
  avatar?: string;
  maxMemberNum?: number;
  joinOption?: TencentCloudChat.TYPES | string;
  /** Initial members: `{ userID, role?, memberCustomField? }` each. */
  memberList?: any[];
  groupCustomField?: any[];
  isSupportTopic?: boolean;
}

export interface UpdateGroupProfileOptions {
  groupID: string;
  name?: string;
  avatar?: string;
  introduction?: string;
  notification?: string;
  muteAllMembers?: boolean;
  joinOption?: TencentCloudChat.TYPES | string;
  groupCustomField?: any[];
}

export interface JoinGroupOptions {
  groupID: string;
  applyMessage?: string;
  /** Required to join an audio-video group. */
  type?: TencentCloudChat.TYPES | string;
}

export interface PinGroupMessageOptions {
  groupID: string;
  message: Message;
  isPinned: boolean;
}

export interface ChangeGroupOwnerOptions {
  groupID: string;
  newOwnerID: string;
}

export interface HandleGroupApplicationOptions {
  /** `'Agree'` or `'Reject'`. */
  handleAction: string;
  handleMessage?: string;
  /** The group system message of the application. */
  message?: Message;
  /** An entry of `getGroupApplicationList`. */
  application?: any;
}

export interface GroupAttributesOptions {
  groupID: string;
  groupAttributes: any;
}

export interface GroupKeyListOptions {
  groupID: string;
  keyList: string[];
}

export interface SetGroupCountersOptions {
  groupID: string;
  counters: any;
}

export interface GroupCounterChangeOptions {
  groupID: string;
  key: string;
  value: number;
}

export interface GetGroupCountersOptions {
  groupID: string;
  keyList?: string[];
}

export interface GetGroupMemberListOptions {
  groupID: string;
  /** Up to 100. */
  count?: number;
  /** A number, or the previous page's offset for community groups. */
  offset?: number | string;
  filter?: number;
  role?: TencentCloudChat.TYPES | string;
}

export interface GetGroupMemberProfileOptions {
  groupID: string;
  userIDList: string[];
  memberCustomFieldFilter?: string[];
}

export interface GroupMembersOptions {
  groupID: string;
  userIDList: string[];
}

export interface DeleteGroupMemberOptions extends GroupMembersOptions {
  reason?: string;
  /** Audio-video groups: seconds the members are banned from rejoining. */
  duration?: number;
}

export interface SetGroupMemberMuteTimeOptions {
  groupID: string;
  userID: string;
  /** Seconds; 0 lifts the mute. */
  muteTime: number;
}

export interface SetGroupMemberRoleOptions {
  groupID: string;
  userID: string;
  role: TencentCloudChat.TYPES | string;
}

export interface SetGroupMemberNameCardOptions {
  groupID: string;
  nameCard: string;
  /** Oneself when left out. */
  userID?: string;
}

export interface SetGroupMemberCustomFieldOptions {
  groupID: string;
  memberCustomField: any[];
  userID?: string;
}

export interface MarkGroupMemberListOptions {
  groupID: string;
  userIDList: string[];
  markType: number;
  enableMark: boolean;
}

export interface CreateTopicInCommunityOptions {
  groupID: string;
  topicName: string;
  topicID?: string;
  avatar?: string;
  notification?: string;
  introduction?: string;
  customData?: string;
}

export interface TopicIDListOptions {
  groupID: string;
  /** `undefined`: every topic. */
  topicIDList: string[] | undefined;
}

export interface UpdateTopicProfileOptions {
  groupID: string;
  topicID: string;
  topicName?: string;
  avatar?: string;
  notification?: string;
  introduction?: string;
  customData?: string;
  muteAllMembers?: boolean;
}

export interface InviteOptions {
  userID: string;
  data?: string;
  /** Seconds; 0: no timeout. */
  timeout?: number;
  onlineUserOnly?: boolean;
  offlinePushInfo?: OfflinePushInfo;
}

export interface InviteInGroupOptions {
  groupID: string;
  inviteeList: string[];
  data?: string;
  timeout?: number;
  onlineUserOnly?: boolean;
  offlinePushInfo?: OfflinePushInfo;
}

export interface InvitationOptions {
  inviteID: string;
  data?: string;
}

export interface ModifyInvitationOptions {
  inviteID: string;
  data: string;
}

// =============================================================================================
// 3. SDK objects
// =============================================================================================

export interface UserInfo {
  userID: string;
  nick: string;
  avatar: string;
}

export interface Message {
  ID: string;
  type: TencentCloudChat.TYPES.MSG_TEXT | TencentCloudChat.TYPES.MSG_IMAGE | TencentCloudChat.TYPES.MSG_AUDIO
    | TencentCloudChat.TYPES.MSG_VIDEO | TencentCloudChat.TYPES.MSG_FILE | TencentCloudChat.TYPES.MSG_FACE
    | TencentCloudChat.TYPES.MSG_LOCATION | TencentCloudChat.TYPES.MSG_CUSTOM | TencentCloudChat.TYPES.MSG_MERGER
    | TencentCloudChat.TYPES.MSG_GRP_TIP | TencentCloudChat.TYPES.MSG_GRP_SYS_NOTICE;
  /** Depends on `type`: `{ text }` for text, `{ data, description, extension }` for custom, ... */
  payload: any;
  conversationID: string;
  conversationType: TencentCloudChat.TYPES.CONV_C2C | TencentCloudChat.TYPES.CONV_GROUP | TencentCloudChat.TYPES.CONV_TOPIC
    | TencentCloudChat.TYPES.CONV_SYSTEM;
  to: string;
  from: string;
  flow: 'in' | 'out';
  time: number;
  status: 'unSend' | 'success' | 'fail';
  isRevoked: boolean;
  priority: TencentCloudChat.TYPES.MSG_PRIORITY_HIGH | TencentCloudChat.TYPES.MSG_PRIORITY_NORMAL
    | TencentCloudChat.TYPES.MSG_PRIORITY_LOW | TencentCloudChat.TYPES.MSG_PRIORITY_LOWEST;
  nick: string;
  avatar: string;
  isPeerRead: boolean;
  nameCard: string;
  atUserList: string[];
  cloudCustomData: string;
  isDeleted: boolean;
  isModified: boolean;
  needReadReceipt: boolean;
  readReceiptInfo: any;
  isBroadcastMessage: boolean;
  isSupportExtension: boolean;
  revoker: string;
  revokerInfo: UserInfo;
  revokeReason: string;
  sequence: number;
  hasRiskContent: boolean;
  // Present at run time, not declared by the original:
  clientSequence: number;
  random: number;
  isRead: boolean;
  clientTime: number;
  isSystemMessage: boolean;
  isResend: boolean;
  protocol: string;
  senderTinyID: string;
  version: number;
  level: number;
  pinnerInfo: UserInfo | null;
  [key: string]: any;
}

export interface SimplifiedMessage {
  ID: string;
  nick: string;
  avatar: string;
  from: string;
  messageBody: any[];
  time: number;
  cloudCustomData: string;
}

/** A conversation's `lastMessage`. */
export interface LastMessage {
  lastTime: number;
  lastSequence: number;
  fromAccount: string;
  messageForShow: string;
  payload: any;
  type: string;
  isRevoked: boolean;
  cloudCustomData: string;
  onlineOnlyFlag: boolean;
  nick: string;
  nameCard: string;
  version: number;
  isPeerRead: boolean;
  revoker: string | null;
  [key: string]: any;
}

export interface Conversation {
  conversationID: string;
  type: TencentCloudChat.TYPES.CONV_C2C | TencentCloudChat.TYPES.CONV_GROUP | TencentCloudChat.TYPES.CONV_TOPIC
    | TencentCloudChat.TYPES.CONV_SYSTEM;
  unreadCount: number;
  lastMessage: LastMessage;
  /** C2C conversations: the peer's profile. Typed as always present, as the original types it;
   * at run time a GROUP conversation has no `userProfile` key. */
  userProfile: Profile;
  /** GROUP conversations: the group. Typed as always present, as the original types it; at run
   * time a C2C conversation has no `groupProfile` key. */
  groupProfile: Group;
  groupAtInfoList: any[];
  remark: string;
  isPinned: boolean;
  /** The original types it as always set; at run time it can be `undefined` until the
   * conversation's setting is known. */
  messageRemindType: TencentCloudChat.TYPES.MSG_REMIND_ACPT_AND_NOTE | TencentCloudChat.TYPES.MSG_REMIND_ACPT_NOT_NOTE
    | TencentCloudChat.TYPES.MSG_REMIND_DISCARD | TencentCloudChat.TYPES.NOT_RECEIVE_OFFLINE_PUSH_EXCEPT_AT
    | TencentCloudChat.TYPES.NOT_RECEIVE_MSG_EXCEPT_AT;
  /** CONV_MARK_TYPE_* bit values. */
  markList: number[];
  customData: string;
  conversationGroupList: string[];
  draftText: string;
  // Present at run time, not declared by the original:
  subType: string;
  peerReadTime: number;
  _isInfoCompleted: boolean;
  /** Accessor: the ID without its `C2C`/`GROUP` prefix. */
  readonly toAccount: string;
}

export interface Group {
  groupID: string;
  name: string;
  avatar: string;
  type: TencentCloudChat.TYPES.GRP_WORK | TencentCloudChat.TYPES.GRP_PUBLIC | TencentCloudChat.TYPES.GRP_MEETING
    | TencentCloudChat.TYPES.GRP_AVCHATROOM | TencentCloudChat.TYPES.GRP_COMMUNITY;
  introduction: string;
  notification: string;
  ownerID: string;
  /** Seconds, a number at run time (the original declares a string; `any` keeps code written to
   * either compiling). */
  createTime: any;
  infoSequence: number;
  lastInfoTime: number;
  selfInfo: {
    messageRemindType: string; joinTime: number; nameCard: string; role: string; userID: string; memberCustomField: any[];
    [key: string]: any;
  };
  lastMessage: { lastTime: number; lastSequence: number; fromAccount: string; messageForShow: string; [key: string]: any };
  nextMessageSeq: number;
  memberCount: number;
  maxMemberCount: number;
  muteAllMembers: boolean;
  joinOption: TencentCloudChat.TYPES;
  groupCustomField: any[];
  isSupportTopic: boolean;
  // Present at run time, not declared by the original:
  inviteOption: string;
}

export interface Profile {
  userID: string;
  nick: string;
  gender: TencentCloudChat.TYPES;
  birthday: number;
  location: string;
  selfSignature: string;
  allowType: TencentCloudChat.TYPES;
  language: number;
  avatar: string;
  messageSettings: number;
  adminForbidType: TencentCloudChat.TYPES;
  level: number;
  role: number;
  /** When the profile last changed (seconds). */
  lastUpdatedTime: number;
  /** @deprecated Declared by the original but never set (its objects carry `lastUpdatedTime`);
   * `undefined` at run time. */
  lastUpdatedNumber: any;
  profileCustomField: Array<{ key: string; value: any }>;
}

export interface Friend {
  userID: string;
  remark: string;
  groupList: string[];
  source: string;
  /** @deprecated Declared by the original but never set on its friend objects. */
  wording: any;
  profile: Profile;
  friendCustomField: any[];
  // Present at run time, not declared by the original:
  addTime: number;
}

export interface FriendApplication {
  userID: string;
  avatar: string;
  nick: string;
  time: number;
  source: string;
  wording: string;
  type: TencentCloudChat.TYPES;
}

export interface FriendGroup {
  name: string;
  userIDList: string[];
  count: number;
}

export interface GroupMember {
  userID: string;
  avatar: string;
  nick: string;
  role: string;
  joinTime: number;
  nameCard: string;
  muteUntil: number;
  memberCustomField: any[];
}

export interface Topic {
  topicID: string;
  topicName: string;
  avatar: string;
  introduction: string;
  notification: string;
  unreadCount: number;
  muteAllMembers: boolean;
  customData: string;
  groupAtInfoList: any[];
  lastMessage: any;
  selfInfo: any;
}

/** What `getSignalingInfo` reads from a signaling message. */
export interface Signaling {
  inviteID: string;
  groupID: string;
  inviter: string;
  inviteeList: string[];
  data: string;
  actionType: TencentCloudChat.TSignaling;
  timeout: number;
  // Present at run time, not declared by the original:
  businessID: number;
}

// =============================================================================================
// 4. The SDK instance
// =============================================================================================

/**
 * One SDK instance, from `TencentCloudChat.create()`. Declared as a class, as the original does,
 * for type positions only: there is no `ChatSDK` value at run time.
 * Methods not built yet reject with code 2998 naming the method (synchronous ones throw it);
 * `implementedMethods()` lists the built ones. `tim-wasm/full` (these declarations, and our
 * additions in js/full.d.ts) builds more of them than `tim-wasm`, whose size is held to the
 * original's core build.
 */
export declare class ChatSDK {
  // ----- Session -----
  login(options: LoginOptions): Promise<ChatResponse<LoginResponseData>>;
  /** Resolves with `{ code: 0, data: {} }` at run time; typed `void` as the original types it. */
  logout(): Promise<void>;
  /** Resolves with `{ code: 0, data: {} }` at run time; typed `void` as the original types it. */
  destroy(): Promise<void>;
  /** The logged-in user's ID, `''` when logged out. */
  getLoginUser(): string;
  /** Milliseconds. */
  getServerTime(): number;
  isReady(): boolean;
  setLogLevel(level: number): void;
  registerPlugin(plugins: Record<string, any> | Object): void;
  /** `isCommercialAbilityEnabled` and similar keys; most resolve, some answer synchronously. */
  callExperimentalAPI(key: string, options?: any): any;

  // ----- Events -----
  on<K extends keyof ChatEventMap>(eventName: K, handler: (event: ChatEventMap[K]) => void, context?: any): void;
  on(eventName: string, handler: EventHandler | Function, context?: any): void;
  /** Not in the original's declarations (its run time has it): a handler that runs once. */
  once<K extends keyof ChatEventMap>(eventName: K, handler: (event: ChatEventMap[K]) => void, context?: any): void;
  once(eventName: string, handler: EventHandler | Function, context?: any): void;
  /** Without `context`: every registration of `handler` for the event. */
  off<K extends keyof ChatEventMap>(eventName: K, handler: (event: ChatEventMap[K]) => void, context?: any): void;
  off(eventName: string, handler: EventHandler | Function, context?: any): void;

  // ----- Creating and sending messages -----
  createTextMessage(options: MessageOptions): Message;
  createTextAtMessage(options: MessageOptions): Message;
  createImageMessage(options: MessageOptions): Message;
  createAudioMessage(options: MessageOptions): Message;
  createVideoMessage(options: MessageOptions): Message;
  createCustomMessage(options: MessageOptions): Message;
  createFaceMessage(options: MessageOptions): Message;
  createFileMessage(options: MessageOptions): Message;
  createLocationMessage(options: MessageOptions): Message;
  createMergerMessage(options: MessageOptions): Message;
  createForwardMessage(options: MessageOptions): Message;
  /** A merger message whose `payload.messageList` is downloaded. */
  downloadMergerMessage(message: Message | MessageOptions): Promise<ChatResponse<Message>>;
  sendMessage(message: Message, options?: SendMessageOptions): Promise<ChatResponse<{ message: Message }>>;
  sendMessage(message: Message, options?: any): Promise<ChatResponse<{ message: Message }>>;
  resendMessage(message: Message, options?: SendMessageOptions): Promise<ChatResponse<{ message: Message }>>;
  resendMessage(message: Message, options?: any): Promise<ChatResponse<{ message: Message }>>;
  /** Resolves the same message object, now `isRevoked` with its `revoker`. */
  revokeMessage(message: Message): Promise<ChatResponse<{ message: Message }>>;
  /** Resolves the given message objects deleted (sent, of the first one's conversation, the
   * first 30), each now `isDeleted`. */
  deleteMessage(messageList: Message[]): Promise<ChatResponse<{ messageList: Message[] }>>;
  modifyMessage(message: Message): Promise<ChatResponse<any>>;
  translateText(options: TranslateTextOptions): Promise<ChatResponse<any>>;
  convertVoiceToText(options: ConvertVoiceToTextOptions): Promise<ChatResponse<any>>;

  // ----- Message extensions and reactions -----
  setMessageExtensions(message: Message, extensions: any[]): Promise<ChatResponse<any>>;
  getMessageExtensions(message: Message, keyList?: Array<string | String>): Promise<ChatResponse<any>>;
  deleteMessageExtensions(message: Message, keyList?: Array<string | String>): Promise<ChatResponse<any>>;
  addMessageReaction(message: Message, reactionID: string): Promise<ChatResponse<any>>;
  removeMessageReaction(message: Message, reactionID: string): Promise<ChatResponse<any>>;
  getMessageReactions(options: GetMessageReactionsOptions): Promise<ChatResponse<any>>;
  getAllUserListOfMessageReaction(options: GetAllUserListOfMessageReactionOptions): Promise<ChatResponse<any>>;

  // ----- Cloud search -----
  searchCloudMessages(options: SearchCloudMessagesOptions): Promise<ChatResponse<any>>;
  searchCloudGroups(options: SearchCloudGroupsOptions): Promise<ChatResponse<any>>;
  searchCloudUsers(options: SearchCloudUsersOptions): Promise<ChatResponse<any>>;
  searchCloudGroupMembers(options: SearchCloudGroupMembersOptions): Promise<ChatResponse<any>>;

  // ----- Message history and read state -----
  getMessageList(options: GetMessageListOptions): Promise<ChatResponse<{ nextReqMessageID: string; messageList: Message[]; isCompleted: boolean }>>;
  getMessageListHopping(options: GetMessageListHoppingOptions): Promise<ChatResponse<any>>;
  /** A message this instance has seen (created, sent, received or listed), else `null`. */
  findMessage(messageID: string): Message | null;
  setMessageRead(options: SetMessageReadOptions): Promise<ChatResponse<{}>>;
  sendMessageReadReceipt(messageList: Message[]): Promise<ChatResponse<any>>;
  getMessageReadReceiptList(messageList: Message[]): Promise<ChatResponse<any>>;
  getGroupMessageReadMemberList(options: GetGroupMessageReadMemberListOptions): Promise<ChatResponse<any>>;

  // ----- Conversations -----
  /** Every conversation; or those of the given IDs; or those matching a filter. */
  getConversationList(options?: string[] | ConversationListFilter): Promise<ChatResponse<{ conversationList: Conversation[]; isSyncCompleted: boolean }>>;
  getConversationProfile(conversationID: string): Promise<ChatResponse<{ conversation: Conversation }>>;
  deleteConversation(conversationID: string): Promise<ChatResponse<{ conversationID: string }>>;
  deleteConversation(options: DeleteConversationOptions): Promise<ChatResponse<{ conversationIDList: string[] }>>;
  deleteConversation(options: string | DeleteConversationOptions): Promise<ChatResponse<{ conversationID: string } | { conversationIDList: string[] }>>;
  /** Resolves with `data: { code: 0, conversation }`, as the original. */
  setConversationDraft(options: SetConversationDraftOptions): Promise<ChatResponse<{ code: 0; conversation: Conversation }>>;
  clearHistoryMessage(conversationID: string): Promise<ChatResponse<{ conversationID: string }>>;
  pinConversation(options: PinConversationOptions): Promise<ChatResponse<{ conversationID: string }>>;
  setAllMessageRead(options?: SetAllMessageReadOptions): Promise<ChatResponse<{}>>;
  setMessageRemindType(options: SetMessageRemindTypeOptions & { groupID: string }): Promise<ChatResponse<{ groupID: string }>>;
  setMessageRemindType(options: SetMessageRemindTypeOptions & { userIDList: string[] }): Promise<ChatResponse<{
    successUserIDList: string[]; failureUserIDList: Array<{ userID: string; code: number; message: string }>;
  }>>;
  setMessageRemindType(options: SetMessageRemindTypeOptions): Promise<ChatResponse<any>>;
  setAllReceiveMessageOpt(options: SetAllReceiveMessageOptOptions): Promise<ChatResponse<any>>;
  getAllReceiveMessageOpt(): Promise<ChatResponse<any>>;
  getTotalUnreadMessageCount(): number;
  setConversationCustomData(options: SetConversationCustomDataOptions): Promise<ChatResponse<ConversationItemsResult>>;
  /** `markType`: a CONV_MARK_TYPE_* value (FOLD is 4 and HIDE 8 at run time; the original's
   * declarations say 3 and 4). */
  markConversation(options: MarkConversationOptions): Promise<ChatResponse<ConversationItemsResult>>;

  // ----- Conversation groups -----
  getConversationGroupList(): Promise<ChatResponse<string[]>>;
  createConversationGroup(options: ConversationGroupOptions): Promise<ChatResponse<ConversationItemsResult>>;
  /** Resolves with `undefined` at run time, as the original does. */
  deleteConversationGroup(groupName: string): Promise<any>;
  /** Resolves with `undefined` at run time, as the original does. */
  renameConversationGroup(options: RenameConversationGroupOptions): Promise<any>;
  addConversationsToGroup(options: ConversationGroupOptions): Promise<ChatResponse<ConversationItemsResult>>;
  deleteConversationsFromGroup(options: ConversationGroupOptions): Promise<ChatResponse<ConversationItemsResult>>;

  // ----- Profiles, blocklist, user status -----
  getMyProfile(): Promise<ChatResponse<Profile>>;
  getUserProfile(options: UserIDListOptions): Promise<ChatResponse<Profile[]>>;
  updateMyProfile(options: UpdateMyProfileOptions): Promise<ChatResponse<Profile>>;
  /** The blocked user IDs. */
  getBlacklist(): Promise<ChatResponse<string[]>>;
  /** The blocked user IDs after the change (built in `tim-wasm/full`). */
  addToBlacklist(options: UserIDListOptions): Promise<ChatResponse<string[]>>;
  /** The blocked user IDs after the change (built in `tim-wasm/full`). */
  removeFromBlacklist(options: UserIDListOptions): Promise<ChatResponse<string[]>>;
  setSelfStatus(options: SetSelfStatusOptions): Promise<ChatResponse<any>>;
  getUserStatus(options: UserIDListOptions): Promise<ChatResponse<any>>;
  subscribeUserStatus(options: UserIDListOptions): Promise<ChatResponse<any>>;
  unsubscribeUserStatus(options: UnsubscribeUserStatusOptions): Promise<ChatResponse<any>>;

  // ----- Friends and friend groups -----
  getFriendList(): Promise<ChatResponse<Friend[]>>;
  addFriend(options: AddFriendOptions): Promise<ChatResponse<any>>;
  deleteFriend(options: DeleteFriendOptions): Promise<ChatResponse<any>>;
  checkFriend(options: CheckFriendOptions): Promise<ChatResponse<any>>;
  getFriendProfile(options: UserIDListOptions): Promise<ChatResponse<any>>;
  updateFriend(options: UpdateFriendOptions): Promise<ChatResponse<any>>;
  getFriendApplicationList(): Promise<ChatResponse<FriendApplicationListData>>;
  acceptFriendApplication(options: AcceptFriendApplicationOptions): Promise<ChatResponse<any>>;
  refuseFriendApplication(options: RefuseFriendApplicationOptions): Promise<ChatResponse<any>>;
  deleteFriendApplication(options: DeleteFriendApplicationOptions): Promise<ChatResponse<any>>;
  setFriendApplicationRead(): Promise<ChatResponse<any>>;
  getFriendGroupList(): Promise<ChatResponse<FriendGroup[]>>;
  createFriendGroup(options: FriendGroupOptions): Promise<ChatResponse<any>>;
  deleteFriendGroup(options: DeleteFriendGroupOptions): Promise<ChatResponse<any>>;
  addToFriendGroup(options: FriendGroupOptions): Promise<ChatResponse<any>>;
  removeFromFriendGroup(options: FriendGroupOptions): Promise<ChatResponse<any>>;
  renameFriendGroup(options: RenameFriendGroupOptions): Promise<ChatResponse<any>>;

  // ----- Follow -----
  followUser(userIDList: string[]): Promise<ChatResponse<any>>;
  unfollowUser(userIDList: string[]): Promise<ChatResponse<any>>;
  getMyFollowersList(startIndex?: string): Promise<ChatResponse<any>>;
  getMyFollowingList(startIndex?: string): Promise<ChatResponse<any>>;
  getMutualFollowersList(startIndex?: string): Promise<ChatResponse<any>>;
  getUserFollowInfo(userIDList?: string[]): Promise<ChatResponse<any>>;
  checkFollowType(userIDList: string[]): Promise<ChatResponse<any>>;

  // ----- Groups -----
  getGroupList(options?: any): Promise<ChatResponse<{ groupList: Group[]; isSyncCompleted: boolean }>>;
  getGroupProfile(options: GetGroupProfileOptions): Promise<ChatResponse<{ group: Group }>>;
  createGroup(options: CreateGroupOptions): Promise<ChatResponse<{ group: Group; overLimitUserIDList: string[] }>>;
  dismissGroup(groupID: string): Promise<ChatResponse<{ groupID: string }>>;
  updateGroupProfile(options: UpdateGroupProfileOptions): Promise<ChatResponse<any>>;
  /** `status`: JOIN_STATUS_SUCCESS (with `group`), JOIN_STATUS_ALREADY_IN_GROUP or
   * JOIN_STATUS_WAIT_APPROVAL. */
  joinGroup(options: JoinGroupOptions): Promise<ChatResponse<{
    status: TencentCloudChat.TYPES.JOIN_STATUS_SUCCESS | TencentCloudChat.TYPES.JOIN_STATUS_ALREADY_IN_GROUP
      | TencentCloudChat.TYPES.JOIN_STATUS_WAIT_APPROVAL;
    group?: Group;
  }>>;
  quitGroup(groupID: string): Promise<ChatResponse<{ groupID: string }>>;
  pinGroupMessage(options: PinGroupMessageOptions): Promise<ChatResponse<any>>;
  getPinnedGroupMessageList(groupID: string): Promise<ChatResponse<any>>;
  searchGroupByID(groupID: string): Promise<ChatResponse<any>>;
  getGroupOnlineMemberCount(groupID: string): Promise<ChatResponse<any>>;
  changeGroupOwner(options: ChangeGroupOwnerOptions): Promise<ChatResponse<any>>;
  getGroupApplicationList(): Promise<ChatResponse<any>>;
  handleGroupApplication(options: HandleGroupApplicationOptions): Promise<ChatResponse<any>>;

  // ----- Group attributes and counters -----
  initGroupAttributes(options: GroupAttributesOptions): Promise<ChatResponse<any>>;
  setGroupAttributes(options: GroupAttributesOptions): Promise<ChatResponse<any>>;
  deleteGroupAttributes(options: GroupKeyListOptions): Promise<ChatResponse<any>>;
  getGroupAttributes(options: GroupKeyListOptions): Promise<ChatResponse<any>>;
  setGroupCounters(options: SetGroupCountersOptions): Promise<ChatResponse<any>>;
  increaseGroupCounter(options: GroupCounterChangeOptions): Promise<ChatResponse<any>>;
  decreaseGroupCounter(options: GroupCounterChangeOptions): Promise<ChatResponse<any>>;
  getGroupCounters(options: GetGroupCountersOptions): Promise<ChatResponse<any>>;

  // ----- Group members -----
  getGroupMemberList(options: GetGroupMemberListOptions): Promise<ChatResponse<any>>;
  getGroupMemberProfile(options: GetGroupMemberProfileOptions): Promise<ChatResponse<any>>;
  addGroupMember(options: GroupMembersOptions): Promise<ChatResponse<any>>;
  deleteGroupMember(options: DeleteGroupMemberOptions): Promise<ChatResponse<any>>;
  setGroupMemberMuteTime(options: SetGroupMemberMuteTimeOptions): Promise<ChatResponse<any>>;
  setGroupMemberRole(options: SetGroupMemberRoleOptions): Promise<ChatResponse<any>>;
  setGroupMemberNameCard(options: SetGroupMemberNameCardOptions): Promise<ChatResponse<any>>;
  setGroupMemberCustomField(options: SetGroupMemberCustomFieldOptions): Promise<ChatResponse<any>>;
  markGroupMemberList(options: MarkGroupMemberListOptions): Promise<ChatResponse<any>>;

  // ----- Communities and topics -----
  getJoinedCommunityList(): Promise<ChatResponse<any>>;
  createTopicInCommunity(options: CreateTopicInCommunityOptions): Promise<ChatResponse<any>>;
  deleteTopicFromCommunity(options: TopicIDListOptions): Promise<ChatResponse<any>>;
  updateTopicProfile(options: UpdateTopicProfileOptions): Promise<ChatResponse<any>>;
  getTopicList(options: TopicIDListOptions): Promise<ChatResponse<any>>;

  // ----- Signaling -----
  addSignalingListener(eventName: TencentCloudChat.TSignaling | string, handler: EventHandler | Function, context?: any): void;
  removeSignalingListener(eventName: TencentCloudChat.TSignaling | string, handler: EventHandler | Function, context?: any): void;
  invite(options: InviteOptions): Promise<ChatResponse<any>>;
  /** Reports through the callbacks: `successCb(inviteID)`, `errorCb(error)`. */
  inviteSync(options: InviteOptions, successCb: Function, errorCb: Function): void;
  inviteInGroup(options: InviteInGroupOptions): Promise<ChatResponse<any>>;
  inviteInGroupSync(options: InviteInGroupOptions, successCb: Function, errorCb: Function): void;
  cancel(options: InvitationOptions): Promise<ChatResponse<any>>;
  accept(options: InvitationOptions): Promise<ChatResponse<any>>;
  reject(options: InvitationOptions): Promise<ChatResponse<any>>;
  /** The invitation a signaling message carries, `null` for any other message. */
  getSignalingInfo(message: Message): Signaling | null;
  modifyInvitation(options: ModifyInvitationOptions): Promise<ChatResponse<any>>;
}

// =============================================================================================
// 5. TencentCloudChat: the default export
// =============================================================================================
// EVENT, TYPES and TSignaling are enums, as in the original's declarations, so that they work
// both as values (`TencentCloudChat.TYPES.CONV_C2C`) and as types (`let t:
// TencentCloudChat.TYPES`, `TencentCloudChat.TYPES.GENDER_FEMALE`). At run time they are plain
// objects holding exactly these members (no reverse mapping), as in the original.

declare namespace TencentCloudChat {
  /** The instance for `options.SDKAppID`: one per SDKAppID, created on first use. */
  function create(options: CreateOptions): ChatSDK;

  /** tim-wasm's version (the original's object has its own `VERSION` too). */
  const VERSION: string;

  /** Event names for `on`/`once`/`off`. SDK_DESTROY, the MESSAGE_EXTENSIONS_*,
   * MESSAGE_REACTIONS_UPDATED and SERVER_CONFIG_UPDATED exist at run time but not in the
   * original's declarations. */
  enum EVENT {
    SDK_READY = 'sdkStateReady',
    SDK_NOT_READY = 'sdkStateNotReady',
    SDK_DESTROY = 'sdkDestroy',
    MESSAGE_RECEIVED = 'onMessageReceived',
    ROOM_CUSTOM_DATA_RECEIVED = 'onRoomCustomDataReceived',
    MESSAGE_MODIFIED = 'onMessageModified',
    MESSAGE_REVOKED = 'onMessageRevoked',
    MESSAGE_READ_BY_PEER = 'onMessageReadByPeer',
    MESSAGE_READ_RECEIPT_RECEIVED = 'onMessageReadReceiptReceived',
    MESSAGE_EXTENSIONS_UPDATED = 'onMessageExtensionsUpdated',
    MESSAGE_EXTENSIONS_DELETED = 'onMessageExtensionsDeleted',
    MESSAGE_REACTIONS_UPDATED = 'onMessageReactionsUpdated',
    CONVERSATION_LIST_UPDATED = 'onConversationListUpdated',
    TOTAL_UNREAD_MESSAGE_COUNT_UPDATED = 'onTotalUnreadMessageCountUpdated',
    CONVERSATION_GROUP_LIST_UPDATED = 'onConversationGroupListUpdated',
    CONVERSATION_IN_GROUP_UPDATED = 'onConversationInGroupUpdated',
    GROUP_LIST_UPDATED = 'onGroupListUpdated',
    GROUP_ATTRIBUTES_UPDATED = 'groupAttributesUpdated',
    GROUP_COUNTER_UPDATED = 'onGroupCounterUpdated',
    TOPIC_CREATED = 'onTopicCreated',
    TOPIC_DELETED = 'onTopicDeleted',
    TOPIC_UPDATED = 'onTopicUpdated',
    PROFILE_UPDATED = 'onProfileUpdated',
    USER_STATUS_UPDATED = 'onUserStatusUpdated',
    BLACKLIST_UPDATED = 'blacklistUpdated',
    FRIEND_LIST_UPDATED = 'onFriendListUpdated',
    FRIEND_GROUP_LIST_UPDATED = 'onFriendGroupListUpdated',
    FRIEND_APPLICATION_LIST_UPDATED = 'onFriendApplicationListUpdated',
    MY_FOLLOWERS_LIST_UPDATED = 'onMyFollowersListUpdated',
    MY_FOLLOWING_LIST_UPDATED = 'onMyFollowingListUpdated',
    MUTUAL_FOLLOWERS_LIST_UPDATED = 'onMutualFollowersListUpdated',
    KICKED_OUT = 'kickedOut',
    ERROR = 'error',
    NET_STATE_CHANGE = 'netStateChange',
    ALL_RECEIVE_MESSAGE_OPT_UPDATED = 'onAllReceiveMessageOptUpdated',
    SERVER_CONFIG_UPDATED = 'onServerConfigUpdated',
    PINNED_GROUP_MESSAGE_UPDATED = 'onPinnedGroupMessageUpdated',
  }

  /** Every constant of the SDK, with its run-time value (115 members). Differences from the
   * original's declarations: CONV_MARK_TYPE_FOLD is 4 and CONV_MARK_TYPE_HIDE 8 (it declares 3
   * and 4); MSG_SOUND, MSG_GEO, GRP_PRIVATE, GRP_CHATROOM, GRP_ROOM, GRP_LIVE,
   * RECEIVE_WITH_OFFLINE_PUSH_EXCEPT_AT, INVITE_OPTIONS_* and GRP_PROFILE_INVITE_OPTION exist at
   * run time but are not declared there. */
  enum TYPES {
    // Message kinds (`message.type`)
    MSG_TEXT = 'TIMTextElem',
    MSG_IMAGE = 'TIMImageElem',
    MSG_SOUND = 'TIMSoundElem',
    MSG_AUDIO = 'TIMSoundElem',
    MSG_FILE = 'TIMFileElem',
    MSG_FACE = 'TIMFaceElem',
    MSG_VIDEO = 'TIMVideoFileElem',
    MSG_GEO = 'TIMLocationElem',
    MSG_LOCATION = 'TIMLocationElem',
    MSG_GRP_TIP = 'TIMGroupTipElem',
    MSG_GRP_SYS_NOTICE = 'TIMGroupSystemNoticeElem',
    MSG_CUSTOM = 'TIMCustomElem',
    MSG_MERGER = 'TIMRelayElem',
    // Message priorities
    MSG_PRIORITY_HIGH = 'High',
    MSG_PRIORITY_NORMAL = 'Normal',
    MSG_PRIORITY_LOW = 'Low',
    MSG_PRIORITY_LOWEST = 'Lowest',
    // Conversation kinds, @-mention kinds, mark bits
    CONV_C2C = 'C2C',
    CONV_GROUP = 'GROUP',
    CONV_TOPIC = 'TOPIC',
    CONV_SYSTEM = '@TIM#SYSTEM',
    CONV_AT_ME = 1,
    CONV_AT_ALL = 2,
    CONV_AT_ALL_AT_ME = 3,
    CONV_MARK_TYPE_STAR = 1,
    CONV_MARK_TYPE_UNREAD = 2,
    CONV_MARK_TYPE_FOLD = 4,
    CONV_MARK_TYPE_HIDE = 8,
    // Group kinds and member roles
    GRP_PRIVATE = 'Private',
    GRP_WORK = 'Private',
    GRP_PUBLIC = 'Public',
    GRP_CHATROOM = 'ChatRoom',
    GRP_MEETING = 'ChatRoom',
    GRP_AVCHATROOM = 'AVChatRoom',
    GRP_COMMUNITY = 'Community',
    GRP_ROOM = 'Room',
    GRP_LIVE = 'Live',
    GRP_MBR_ROLE_OWNER = 'Owner',
    GRP_MBR_ROLE_ADMIN = 'Admin',
    GRP_MBR_ROLE_MEMBER = 'Member',
    GRP_MBR_ROLE_CUSTOM = 'Custom',
    // Group tip kinds (`payload.operationType` of MSG_GRP_TIP)
    GRP_TIP_MBR_JOIN = 1,
    GRP_TIP_MBR_QUIT = 2,
    GRP_TIP_MBR_KICKED_OUT = 3,
    GRP_TIP_MBR_SET_ADMIN = 4,
    GRP_TIP_MBR_CANCELED_ADMIN = 5,
    GRP_TIP_GRP_PROFILE_UPDATED = 6,
    GRP_TIP_MBR_PROFILE_UPDATED = 7,
    GRP_TIP_BAN_AVCHATROOM_MEMBER = 10,
    GRP_TIP_UNBAN_AVCHATROOM_MEMBER = 11,
    // Receive options
    MSG_REMIND_ACPT_AND_NOTE = 'AcceptAndNotify',
    MSG_REMIND_ACPT_NOT_NOTE = 'AcceptNotNotify',
    MSG_REMIND_DISCARD = 'Discard',
    RECEIVE_WITH_OFFLINE_PUSH_EXCEPT_AT = 'AcceptNotNotifyExceptAt',
    NOT_RECEIVE_OFFLINE_PUSH_EXCEPT_AT = 'AcceptNotNotifyExceptAt',
    NOT_RECEIVE_MSG_EXCEPT_AT = 'NotReceiveMsgExceptAt',
    // Profile values
    GENDER_UNKNOWN = 'Gender_Type_Unknown',
    GENDER_FEMALE = 'Gender_Type_Female',
    GENDER_MALE = 'Gender_Type_Male',
    // KICKED_OUT reasons
    KICKED_OUT_MULT_ACCOUNT = 'multipleAccount',
    KICKED_OUT_MULT_DEVICE = 'multipleDevice',
    KICKED_OUT_USERSIG_EXPIRED = 'userSigExpired',
    KICKED_OUT_REST_API = 'REST_API_Kick',
    // Friend request policy, admin restrictions
    ALLOW_TYPE_ALLOW_ANY = 'AllowType_Type_AllowAny',
    ALLOW_TYPE_NEED_CONFIRM = 'AllowType_Type_NeedConfirm',
    ALLOW_TYPE_DENY_ANY = 'AllowType_Type_DenyAny',
    FORBID_TYPE_NONE = 'AdminForbid_Type_None',
    FORBID_TYPE_SEND_OUT = 'AdminForbid_Type_SendOut',
    // Joining and inviting to groups
    JOIN_OPTIONS_FREE_ACCESS = 'FreeAccess',
    JOIN_OPTIONS_NEED_PERMISSION = 'NeedPermission',
    JOIN_OPTIONS_DISABLE_APPLY = 'DisableApply',
    JOIN_STATUS_SUCCESS = 'JoinedSuccess',
    JOIN_STATUS_ALREADY_IN_GROUP = 'AlreadyInGroup',
    JOIN_STATUS_WAIT_APPROVAL = 'WaitAdminApproval',
    INVITE_OPTIONS_DISABLE_INVITE = 'DisableInvite',
    INVITE_OPTIONS_NEED_PERMISSION = 'NeedPermission',
    INVITE_OPTIONS_FREE_ACCESS = 'FreeAccess',
    // Group profile fields
    GRP_PROFILE_OWNER_ID = 'ownerID',
    GRP_PROFILE_CREATE_TIME = 'createTime',
    GRP_PROFILE_LAST_INFO_TIME = 'lastInfoTime',
    GRP_PROFILE_MEMBER_NUM = 'memberNum',
    GRP_PROFILE_MAX_MEMBER_NUM = 'maxMemberNum',
    GRP_PROFILE_JOIN_OPTION = 'joinOption',
    GRP_PROFILE_INVITE_OPTION = 'inviteOption',
    GRP_PROFILE_INTRODUCTION = 'introduction',
    GRP_PROFILE_NOTIFICATION = 'notification',
    GRP_PROFILE_MUTE_ALL_MBRS = 'muteAllMembers',
    // Friends
    SNS_ADD_TYPE_SINGLE = 'Add_Type_Single',
    SNS_ADD_TYPE_BOTH = 'Add_Type_Both',
    SNS_DELETE_TYPE_SINGLE = 'Delete_Type_Single',
    SNS_DELETE_TYPE_BOTH = 'Delete_Type_Both',
    SNS_APPLICATION_TYPE_BOTH = 'Pendency_Type_Both',
    SNS_APPLICATION_SENT_TO_ME = 'Pendency_Type_ComeIn',
    SNS_APPLICATION_SENT_BY_ME = 'Pendency_Type_SendOut',
    SNS_APPLICATION_AGREE = 'Response_Action_Agree',
    SNS_APPLICATION_AGREE_AND_ADD = 'Response_Action_AgreeAndAdd',
    SNS_CHECK_TYPE_BOTH = 'CheckResult_Type_Both',
    SNS_CHECK_TYPE_SINGLE = 'CheckResult_Type_Single',
    SNS_TYPE_NO_RELATION = 'CheckResult_Type_NoRelation',
    SNS_TYPE_A_WITH_B = 'CheckResult_Type_AWithB',
    SNS_TYPE_B_WITH_A = 'CheckResult_Type_BWithA',
    SNS_TYPE_BOTH_WAY = 'CheckResult_Type_BothWay',
    // Network states (NET_STATE_CHANGE)
    NET_STATE_CONNECTED = 'connected',
    NET_STATE_CONNECTING = 'connecting',
    NET_STATE_DISCONNECTED = 'disconnected',
    // @all in `atUserList`
    MSG_AT_ALL = '__kImSDK_MesssageAtALL__',
    // setAllMessageRead scopes
    READ_ALL_C2C_MSG = 'readAllC2CMessage',
    READ_ALL_GROUP_MSG = 'readAllGroupMessage',
    READ_ALL_MSG = 'readAllMessage',
    // User status
    USER_STATUS_UNKNOWN = 0,
    USER_STATUS_ONLINE = 1,
    USER_STATUS_OFFLINE = 2,
    USER_STATUS_UNLOGINED = 3,
    // iOS offline-push sounds
    IOS_OFFLINE_PUSH_NO_SOUND = 'push.no_sound',
    IOS_OFFLINE_PUSH_DEFAULT_SOUND = 'default',
  }

  /** Signaling listener names and invitation action kinds (`Signaling.actionType`). */
  enum TSignaling {
    NEW_INVITATION_RECEIVED = 'newInvitationReceived',
    INVITEE_ACCEPTED = 'ts_invitee_accepted',
    INVITEE_REJECTED = 'ts_invitee_rejected',
    INVITATION_CANCELLED = 'ts_invitation_cancelled',
    INVITATION_TIMEOUT = 'ts_invitation_timeout',
    INVITATION_MODIFIED = 'ts_invitation_modified',
    ACTION_TYPE_UNKNOWN = 0,
    ACTION_TYPE_INVITE = 1,
    ACTION_TYPE_CANCEL_INVITE = 2,
    ACTION_TYPE_ACCEPT_INVITE = 3,
    ACTION_TYPE_REJECT_INVITE = 4,
    ACTION_TYPE_INVITE_TIMEOUT = 5,
  }
}

export default TencentCloudChat;
export { TencentCloudChat };

/** The type of the default export. */
export type TencentCloudChatStatic = typeof TencentCloudChat;

// Type-only shorthands (the module has no such named values at run time; use
// `TencentCloudChat.EVENT` etc. for the values).
export type EVENT = TencentCloudChat.EVENT;
export type TYPES = TencentCloudChat.TYPES;
export type TSignaling = TencentCloudChat.TSignaling;

// =============================================================================================
// 6. tim-wasm's additions
// =============================================================================================

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
