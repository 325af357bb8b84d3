// App code written against the original SDK's own declarations (@tencentcloud/chat 3.6.6), in
// the style of its documentation. It is type-checked twice, under `strict`:
//   tsconfig.original.json  '@tencentcloud/chat' -> node_modules/@tencentcloud/chat/index.d.ts
//                           (proves this file is valid code for the original's types)
//   tsconfig.ours.json      '@tencentcloud/chat' -> js/index.d.ts
//                           (proves tim-wasm's types accept it unchanged)
// Every method of the original's ChatSDK is called at least once, and every EVENT key is used.
// Nothing here runs.
import TencentCloudChat, {
  ChatSDK, Conversation, Friend, FriendApplication, FriendGroup, Group, GroupMember, Message, Profile, Signaling,
  SimplifiedMessage, Topic, UserInfo,
} from '@tencentcloud/chat';

declare const TIMUploadPlugin: any;
declare const fileInput: HTMLInputElement;
declare function render(...things: unknown[]): void;

// ---------------------------------------------------------------------------------------------
// Creating the instance, static members, and the enums in type positions
// ---------------------------------------------------------------------------------------------

const options = { SDKAppID: 1400000001 };
const chat = TencentCloudChat.create(options); // one instance per SDKAppID
const sameChat: ChatSDK = TencentCloudChat.create({
  SDKAppID: 1400000001, proxyServer: 'https://proxy.example', fileUploadProxy: 'https://up.example',
  fileDownloadProxy: 'https://down.example', scene: undefined,
});
chat.setLogLevel(0);
chat.registerPlugin({ 'tim-upload-plugin': TIMUploadPlugin });

let convType: TencentCloudChat.TYPES = TencentCloudChat.TYPES.CONV_C2C;
convType = TencentCloudChat.TYPES.CONV_GROUP;
let eventName: TencentCloudChat.EVENT = TencentCloudChat.EVENT.SDK_READY;
eventName = TencentCloudChat.EVENT.SDK_NOT_READY;
const female: TencentCloudChat.TYPES.GENDER_FEMALE = TencentCloudChat.TYPES.GENDER_FEMALE;
const action: TencentCloudChat.TSignaling = TencentCloudChat.TSignaling.ACTION_TYPE_INVITE;
const conversationKinds: TencentCloudChat.TYPES[] = [
  TencentCloudChat.TYPES.CONV_C2C, TencentCloudChat.TYPES.CONV_GROUP, TencentCloudChat.TYPES.CONV_TOPIC,
  TencentCloudChat.TYPES.CONV_SYSTEM,
];
const handlers: Partial<Record<TencentCloudChat.EVENT, Function>> = {};
const typeNames: Array<keyof typeof TencentCloudChat.TYPES> = ['MSG_TEXT', 'CONV_C2C'];
const allEvents: string[] = Object.values(TencentCloudChat.EVENT);
const marks = TencentCloudChat.TYPES.CONV_MARK_TYPE_STAR | TencentCloudChat.TYPES.CONV_MARK_TYPE_UNREAD;
render(sameChat, convType, eventName, female, action, conversationKinds, handlers, typeNames, allEvents, marks);

function describeConversationType(type: TencentCloudChat.TYPES): string {
  switch (type) {
    case TencentCloudChat.TYPES.CONV_C2C: return 'one-to-one';
    case TencentCloudChat.TYPES.CONV_GROUP: return 'group';
    case TencentCloudChat.TYPES.CONV_SYSTEM: return 'system';
    default: return 'other';
  }
}

// ---------------------------------------------------------------------------------------------
// Events: every EVENT key, handlers as the docs write them (the original types `handler` as
// `Function`, so parameters are annotated)
// ---------------------------------------------------------------------------------------------

const onSdkReady = function (event: any) {
  const ready: boolean = chat.isReady();
  render(event.name, ready);
};
chat.on(TencentCloudChat.EVENT.SDK_READY, onSdkReady);
chat.on(TencentCloudChat.EVENT.SDK_NOT_READY, (event: any) => render(event));

const onMessageReceived = function (event: { data: Message[] }) {
  event.data.forEach((message) => {
    if (message.type === TencentCloudChat.TYPES.MSG_TEXT) render(message.payload.text);
    if (message.conversationType === TencentCloudChat.TYPES.CONV_GROUP) render(message.to, message.nameCard);
    render(message.ID, message.from, message.flow, message.time, message.status, message.isRevoked, message.atUserList);
  });
};
chat.on(TencentCloudChat.EVENT.MESSAGE_RECEIVED, onMessageReceived);
chat.on(TencentCloudChat.EVENT.ROOM_CUSTOM_DATA_RECEIVED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.MESSAGE_MODIFIED, (event: { data: Message[] }) => render(event.data[0].isModified));
chat.on(TencentCloudChat.EVENT.MESSAGE_REVOKED, (event: any) => {
  event.data.forEach((m: Message) => render(m.revoker, m.revokerInfo.nick, m.revokeReason));
});
chat.on(TencentCloudChat.EVENT.MESSAGE_READ_BY_PEER, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.MESSAGE_READ_RECEIPT_RECEIVED, (event: any) => {
  event.data.forEach((item: any) => render(item.messageID, item.readCount, item.unreadCount));
});
chat.on(TencentCloudChat.EVENT.CONVERSATION_LIST_UPDATED, (event: { data: Conversation[] }) => {
  const list: Conversation[] = event.data;
  render(list.map((c) => c.conversationID));
});
chat.on(TencentCloudChat.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, (event: any) => render(event.data as number));
chat.on(TencentCloudChat.EVENT.CONVERSATION_GROUP_LIST_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.CONVERSATION_IN_GROUP_UPDATED, (event: any) => {
  const { groupName, conversationList } = event.data;
  render(groupName, conversationList);
});
chat.on(TencentCloudChat.EVENT.GROUP_LIST_UPDATED, (event: { data: Group[] }) => render(event.data.length));
chat.on(TencentCloudChat.EVENT.GROUP_ATTRIBUTES_UPDATED, (event: any) => {
  const { groupID, groupAttributes } = event.data;
  render(groupID, groupAttributes);
});
chat.on(TencentCloudChat.EVENT.GROUP_COUNTER_UPDATED, (event: any) => render(event.data.counters));
chat.on(TencentCloudChat.EVENT.TOPIC_CREATED, (event: any) => render(event.data.groupID, event.data.topicID));
chat.on(TencentCloudChat.EVENT.TOPIC_DELETED, (event: any) => render(event.data.topicIDList));
chat.on(TencentCloudChat.EVENT.TOPIC_UPDATED, (event: any) => render(event.data.topic as Topic));
chat.on(TencentCloudChat.EVENT.PROFILE_UPDATED, (event: { data: Profile[] }) => render(event.data[0].nick));
chat.on(TencentCloudChat.EVENT.USER_STATUS_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.BLACKLIST_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.FRIEND_LIST_UPDATED, (event: { data: Friend[] }) => render(event.data));
chat.on(TencentCloudChat.EVENT.FRIEND_GROUP_LIST_UPDATED, (event: { data: FriendGroup[] }) => render(event.data));
chat.on(TencentCloudChat.EVENT.FRIEND_APPLICATION_LIST_UPDATED, (event: any) => {
  const { friendApplicationList, unreadCount } = event.data;
  render(friendApplicationList as FriendApplication[], unreadCount);
});
chat.on(TencentCloudChat.EVENT.MY_FOLLOWERS_LIST_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.MY_FOLLOWING_LIST_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.MUTUAL_FOLLOWERS_LIST_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.KICKED_OUT, (event: any) => {
  if (event.data.type === TencentCloudChat.TYPES.KICKED_OUT_MULT_ACCOUNT) render('logged in elsewhere');
});
chat.on(TencentCloudChat.EVENT.ERROR, (event: any) => render(event.data.code, event.data.message));
chat.on(TencentCloudChat.EVENT.NET_STATE_CHANGE, (event: any) => {
  if (event.data.state === TencentCloudChat.TYPES.NET_STATE_DISCONNECTED) render('offline');
});
chat.on(TencentCloudChat.EVENT.ALL_RECEIVE_MESSAGE_OPT_UPDATED, (event: any) => render(event.data));
chat.on(TencentCloudChat.EVENT.PINNED_GROUP_MESSAGE_UPDATED, (event: any) => {
  const { groupID, messageList, operationType } = event.data;
  render(groupID, messageList, operationType);
});
// A context object, a plain `Function` value, a handler with no parameters.
const listener: Function = onSdkReady;
chat.on('sdkStateReady', listener, { owner: 'app' });
chat.on(TencentCloudChat.EVENT.SDK_READY, () => render('ready'));
chat.off(TencentCloudChat.EVENT.MESSAGE_RECEIVED, onMessageReceived);
chat.off(TencentCloudChat.EVENT.SDK_READY, onSdkReady, { owner: 'app' });

// ---------------------------------------------------------------------------------------------
// Login and session
// ---------------------------------------------------------------------------------------------

async function session(): Promise<void> {
  const promise = chat.login({ userID: 'alice', userSig: 'signature' });
  promise.then(function (imResponse) {
    render(imResponse.data);
    if (imResponse.data.repeatLogin === true) render(imResponse.data.errorInfo);
  }).catch(function (imError) {
    console.warn('login error:', imError);
  });
  await promise;
  const user: String = chat.getLoginUser();
  const serverTime: Number = chat.getServerTime();
  const ready: boolean = chat.isReady();
  render(user.length, serverTime.toFixed(0), ready);
  await chat.logout();
  const done: Promise<void> = chat.destroy();
  await done;
}

async function teardown(): Promise<void> {
  return chat.logout();
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

async function messages(): Promise<void> {
  const text: Message = chat.createTextMessage({
    to: 'bob',
    conversationType: TencentCloudChat.TYPES.CONV_C2C,
    payload: { text: 'Hello world!' },
    needReadReceipt: true,
    cloudCustomData: '{"source":"web"}',
  });
  const priority = chat.createTextMessage({
    to: 'group1',
    conversationType: TencentCloudChat.TYPES.CONV_GROUP,
    priority: TencentCloudChat.TYPES.MSG_PRIORITY_NORMAL,
    payload: { text: 'To some members' },
    receiverList: ['bob', 'carol'],
    isSupportExtension: true,
    customModerationConfigurationID: 'default',
  });
  const at = chat.createTextAtMessage({
    to: 'group1',
    conversationType: TencentCloudChat.TYPES.CONV_GROUP,
    payload: { text: '@all @bob hello', atUserList: [TencentCloudChat.TYPES.MSG_AT_ALL, 'bob'] },
  });
  const image = chat.createImageMessage({
    to: 'bob',
    conversationType: TencentCloudChat.TYPES.CONV_C2C,
    payload: { file: fileInput },
    onProgress: function (event: number) { render('upload progress', event); },
  });
  const audio = chat.createAudioMessage({ to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { file: new Blob() } });
  const video = chat.createVideoMessage({
    to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { file: fileInput }, onProgress: (p: number) => render(p),
  });
  const custom = chat.createCustomMessage({
    to: 'bob',
    conversationType: TencentCloudChat.TYPES.CONV_C2C,
    priority: TencentCloudChat.TYPES.MSG_PRIORITY_HIGH,
    payload: { data: 'dice', description: String(Math.random()), extension: '' },
  });
  const face = chat.createFaceMessage({ to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { index: 1, data: 'tt00' } });
  const file = chat.createFileMessage({
    to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { file: fileInput }, onProgress: (e: number) => render(e),
  });
  const location = chat.createLocationMessage({
    to: 'bob',
    conversationType: TencentCloudChat.TYPES.CONV_C2C,
    payload: { description: 'Tencent Building', longitude: 113.94, latitude: 22.54 },
  });
  const merger = chat.createMergerMessage({
    to: 'carol',
    conversationType: TencentCloudChat.TYPES.CONV_C2C,
    payload: {
      messageList: [text, custom],
      title: 'Chat history of alice and bob',
      abstractList: ['alice: Hello world!', 'alice: [custom message]'],
      compatibleText: 'Upgrade to see merged messages',
    },
  });
  const forward = chat.createForwardMessage({ to: 'carol', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: text });
  render(priority, at, image, audio, video, face, file, location, forward);

  chat.downloadMergerMessage(merger as any).then(function (imResponse) {
    render(imResponse);
  });

  let promise = chat.sendMessage(text);
  promise.then(function (imResponse) {
    const sent: Message = imResponse.data.message;
    render(sent.ID, sent.status, sent.sequence);
  }).catch(function (imError) {
    console.warn('sendMessage error:', imError);
  });
  chat.sendMessage(custom, {
    offlinePushInfo: { disablePush: false, title: 'New message', description: 'You have a new message', extension: '' },
    messageControlInfo: { excludedFromUnreadCount: true, excludedFromLastMessage: true },
  });
  chat.resendMessage(text).then((imResponse) => render(imResponse.data.message));
  chat.revokeMessage(text).then(function (imResponse) {
    render(imResponse.data.message.isRevoked);
  }).catch(function (imError) {
    if (imError.code === 20016) render('too late to recall');
  });
  chat.deleteMessage([text, custom]).then((imResponse) => render(imResponse.data.messageList));
  chat.modifyMessage(custom).then((imResponse) => render(imResponse.data.message)).catch((imError) => {
    if (imError.code === 2480) render(imError.data.message);
  });
  chat.translateText({ sourceTextList: ['Hello', 'World'], sourceLanguage: 'auto', targetLanguage: 'zh' })
    .then((imResponse) => render(imResponse.data.translatedTextList));
  chat.convertVoiceToText({ message: audio, language: 'en-US' }).then((imResponse) => render(imResponse.data.result));

  chat.setMessageExtensions(text, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]).then((imResponse) => {
    const { extensions } = imResponse.data;
    extensions.forEach((item: any) => render(item.key, item.value));
  });
  chat.getMessageExtensions(text).then((imResponse) => render(imResponse.data.extensions, imResponse.data.isCompleted));
  chat.getMessageExtensions(text, ['a']);
  chat.deleteMessageExtensions(text, ['a']).then((imResponse) => render(imResponse.data.extensions));
  chat.deleteMessageExtensions(text);

  chat.addMessageReaction(text, 'emoji_like').then((imResponse) => render(imResponse));
  chat.removeMessageReaction(text, 'emoji_like').then((imResponse) => render(imResponse));
  chat.getMessageReactions({ messageList: [text, custom], maxUserCountPerReaction: 10 }).then((imResponse) => {
    imResponse.data.resultList.forEach((item: any) => render(item.messageID, item.reactionList));
  });
  chat.getAllUserListOfMessageReaction({ message: text, reactionID: 'emoji_like', nextSeq: 0, count: 30 })
    .then((imResponse) => render(imResponse.data.userList, imResponse.data.nextSeq, imResponse.data.isCompleted));

  // The original's TYPES mixes string and number members, so a member widens to TYPES inside an
  // object literal and does not fit a `string` field: app code goes through a typed constant.
  const textType: string = TencentCloudChat.TYPES.MSG_TEXT;
  const customType: string = TencentCloudChat.TYPES.MSG_CUSTOM;
  const publicGroup: string = TencentCloudChat.TYPES.GRP_PUBLIC;
  chat.searchCloudMessages({
    keywordList: ['hello'], keywordListMatchType: 'or', senderUserIDList: ['bob'],
    messageTypeList: [textType, customType],
    conversationID: 'C2Cbob', timePosition: 0, timePeriod: 24 * 60 * 60, count: 20, cursor: '',
  }).then((imResponse) => render(imResponse.data.totalCount, imResponse.data.searchResultList, imResponse.data.cursor));
  chat.searchCloudGroups({ keywordList: ['team'], keywordListMatchType: 'and', groupTypeList: [publicGroup] })
    .then((imResponse) => render(imResponse.data.groupList as Group[], imResponse.data.totalCount));
  chat.searchCloudUsers({
    keywordList: ['bob'], miniBirthday: 20000101, maxBirthday: 20101231,
    userGenderType: TencentCloudChat.TYPES.GENDER_MALE, count: 10,
  }).then((imResponse) => render(imResponse.data.userList as Profile[], imResponse.data.cursor));
  chat.searchCloudGroupMembers({ keywordList: ['bob'], groupIDList: ['group1'], groupTypeList: ['Private'] })
    .then((imResponse) => render(imResponse.data.memberList, imResponse.data.totalCount));

  const list = await chat.getMessageList({ conversationID: 'C2Cbob' });
  const messageList: Message[] = list.data.messageList;
  const next: string = list.data.nextReqMessageID;
  const isCompleted: boolean = list.data.isCompleted;
  render(messageList, next, isCompleted);
  chat.getMessageList({ conversationID: 'GROUPgroup1', nextReqMessageID: next });
  chat.getMessageListHopping({ conversationID: 'C2Cbob', time: 1700000000, direction: 0 })
    .then((imResponse) => render(imResponse.data.messageList, imResponse.data.isCompleted));
  chat.getMessageListHopping({ conversationID: 'GROUPgroup1', sequence: 100, direction: 1 });

  chat.setMessageRead({ conversationID: 'C2Cbob' }).then((imResponse) => render(imResponse.code));
  chat.sendMessageReadReceipt(messageList).then(() => render('receipts sent'));
  chat.getMessageReadReceiptList(messageList).then((imResponse) => {
    imResponse.data.messageList.forEach((m: Message) => render(m.readReceiptInfo.readCount, m.readReceiptInfo.unreadCount));
  });
  chat.getGroupMessageReadMemberList({ message: text, cursor: '', filter: 0, count: 30 }).then((imResponse) => {
    const { isCompleted, cursor, messageID, readUserIDList, unreadUserIDList } = imResponse.data;
    render(isCompleted, cursor, messageID, readUserIDList, unreadUserIDList);
  });

  const found: Message | null = chat.findMessage(text.ID);
  if (found) render(found.payload, found.cloudCustomData, found.needReadReceipt, found.hasRiskContent);
  const plain: SimplifiedMessage | undefined = undefined;
  const who: UserInfo = text.revokerInfo;
  render(plain, who.userID, who.nick, who.avatar, text.priority, text.isBroadcastMessage, text.isSupportExtension, text.isDeleted);
}

// ---------------------------------------------------------------------------------------------
// Conversations and conversation groups
// ---------------------------------------------------------------------------------------------

async function conversations(): Promise<void> {
  let promise = chat.getConversationList();
  promise.then(function (imResponse) {
    const conversationList: Conversation[] = imResponse.data.conversationList;
    const isSyncCompleted: boolean = imResponse.data.isSyncCompleted;
    render(conversationList, isSyncCompleted);
  });
  chat.getConversationList(['C2Cbob', 'GROUPgroup1']);
  chat.getConversationList({ type: TencentCloudChat.TYPES.CONV_GROUP });
  const star: number = TencentCloudChat.TYPES.CONV_MARK_TYPE_STAR;
  chat.getConversationList({ markType: star, hasUnreadCount: true, hasGroupAtInfo: false });
  chat.getConversationList({ groupName: 'Suppliers' });

  const res = await chat.getConversationProfile('C2Cbob');
  const conversation: Conversation = res.data.conversation;
  // The original types both profiles as always present.
  render(conversation.userProfile.nick, conversation.userProfile.avatar, conversation.groupProfile.name);
  render(conversation.type === TencentCloudChat.TYPES.CONV_C2C, describeConversationType(conversation.type));
  render(conversation.unreadCount, conversation.lastMessage.messageForShow, conversation.lastMessage.lastTime);
  render(conversation.groupAtInfoList, conversation.remark, conversation.isPinned, conversation.markList);
  render(conversation.customData, conversation.conversationGroupList, conversation.draftText);
  if (conversation.messageRemindType === TencentCloudChat.TYPES.MSG_REMIND_DISCARD) render('muted');
  const remind: TencentCloudChat.TYPES = conversation.messageRemindType;
  render(remind);

  chat.deleteConversation('C2Cbob').then(function (imResponse) {
    const { conversationID } = imResponse.data;
    render(conversationID);
  }).catch(function (imError) {
    console.warn('deleteConversation error:', imError);
  });
  chat.deleteConversation({ conversationIDList: ['C2Cbob', 'GROUPgroup1'], clearHistoryMessage: false }).then((imResponse) => {
    const { conversationIDList } = imResponse.data;
    render(conversationIDList);
  });
  chat.setConversationDraft({ conversationID: 'C2Cbob', draftText: 'unsent text' }).then((imResponse) => render(imResponse.data));
  chat.clearHistoryMessage('C2Cbob').then((imResponse) => render(imResponse.data.conversationID));
  chat.pinConversation({ conversationID: 'C2Cbob', isPinned: true }).then((imResponse) => render(imResponse.data.conversationID));
  chat.setAllMessageRead({ scope: TencentCloudChat.TYPES.READ_ALL_MSG }).then((imResponse) => render(imResponse.code));
  chat.setMessageRemindType({ groupID: 'group1', messageRemindType: TencentCloudChat.TYPES.MSG_REMIND_DISCARD })
    .then((imResponse) => render(imResponse.data.groupID));
  chat.setMessageRemindType({ userIDList: ['bob', 'carol'], messageRemindType: TencentCloudChat.TYPES.MSG_REMIND_ACPT_NOT_NOTE })
    .then((imResponse) => {
      const { successUserIDList, failureUserIDList } = imResponse.data;
      successUserIDList.forEach((userID: string) => render(userID));
      failureUserIDList.forEach((item: any) => render(item.userID, item.code, item.message));
    });
  chat.setAllReceiveMessageOpt({
    messageRemindType: TencentCloudChat.TYPES.MSG_REMIND_ACPT_NOT_NOTE, startHour: 22, startMinute: 0, startSecond: 0,
    duration: 8 * 60 * 60, isRepeated: true,
  }).then(() => render('quiet hours set'));
  chat.getAllReceiveMessageOpt().then((imResponse) => render(imResponse.data));
  const unread: number = chat.getTotalUnreadMessageCount();
  render(unread);

  chat.setConversationCustomData({ conversationIDList: ['C2Cbob'], customData: 'vip' }).then((imResponse) => {
    const { successConversationIDList, failureConversationIDList } = imResponse.data;
    render(successConversationIDList, failureConversationIDList);
  });
  chat.markConversation({ conversationIDList: ['C2Cbob'], markType: star, enableMark: true })
    .then((imResponse) => {
      const { successConversationIDList, failureConversationIDList } = imResponse.data;
      failureConversationIDList.forEach((item: any) => {
        const { conversationID, code, message } = item;
        render(conversationID, code, message);
      });
      render(successConversationIDList);
    });
  chat.getConversationGroupList().then((imResponse) => {
    const groupNames: string[] = imResponse.data;
    render(groupNames);
  });
  chat.createConversationGroup({ conversationIDList: ['GROUPtest', 'C2Cexample'], groupName: 'Suppliers' }).then((imResponse) => {
    const { successConversationIDList, failureConversationIDList } = imResponse.data;
    const conversationList = chat.getConversationList(successConversationIDList);
    failureConversationIDList.forEach((item: any) => {
      const { conversationID, code, message } = item;
      render(conversationID, code, message);
    });
    render(conversationList);
  }).catch(function (imError) {
    console.warn('createConversationGroup error:', imError);
  });
  chat.deleteConversationGroup('Suppliers').then(function () {
    render('deleted');
  }).catch(function (imError) {
    console.warn('deleteConversationGroup error:', imError);
  });
  chat.renameConversationGroup({ oldName: 'Suppliers', newName: 'Partners' }).then(() => render('renamed'));
  chat.addConversationsToGroup({ conversationIDList: ['C2Cbob'], groupName: 'Partners' }).then((imResponse) => {
    render(imResponse.data.successConversationIDList, imResponse.data.failureConversationIDList);
  });
  chat.deleteConversationsFromGroup({ conversationIDList: ['C2Cbob'], groupName: 'Partners' }).then((imResponse) => {
    render(imResponse.data.successConversationIDList);
  });
}

// ---------------------------------------------------------------------------------------------
// Profiles, blocklist, user status
// ---------------------------------------------------------------------------------------------

async function profiles(): Promise<void> {
  chat.getMyProfile().then(function (imResponse) {
    const me: Profile = imResponse.data;
    render(me.userID, me.nick, me.avatar, me.gender, me.selfSignature, me.allowType, me.birthday, me.location);
    render(me.language, me.messageSettings, me.adminForbidType, me.level, me.role, me.lastUpdatedNumber, me.profileCustomField);
  });
  chat.getUserProfile({ userIDList: ['bob', 'carol'] }).then(function (imResponse) {
    const list: Profile[] = imResponse.data;
    list.forEach((p) => render(p.nick));
  });
  chat.updateMyProfile({
    nick: 'Alice',
    avatar: 'https://example.com/a.png',
    gender: TencentCloudChat.TYPES.GENDER_FEMALE,
    selfSignature: 'Busy',
    allowType: TencentCloudChat.TYPES.ALLOW_TYPE_ALLOW_ANY,
    birthday: 20000101,
    location: '86 0755',
    language: 0,
    messageSettings: 0,
    adminForbidType: TencentCloudChat.TYPES.FORBID_TYPE_NONE,
    level: 1,
    role: 2,
    profileCustomField: [{ key: 'Tag_Profile_Custom_Test', value: 'x' }],
  }).then((imResponse) => render(imResponse.data));
  chat.getBlacklist().then((imResponse) => render(imResponse.data));
  chat.addToBlacklist({ userIDList: ['mallory'] }).then((imResponse) => render(imResponse.data));
  chat.removeFromBlacklist({ userIDList: ['mallory'] }).then((imResponse) => render(imResponse.data));

  chat.setSelfStatus({ customStatus: 'in a meeting' }).then((imResponse) => {
    const { userID, statusType, customStatus } = imResponse.data;
    render(userID, statusType === TencentCloudChat.TYPES.USER_STATUS_ONLINE, customStatus);
  });
  chat.getUserStatus({ userIDList: ['bob'] }).then((imResponse) => {
    const { successUserList, failureUserList } = imResponse.data;
    successUserList.forEach((item: any) => render(item.userID, item.statusType, item.customStatus));
    render(failureUserList);
  });
  chat.subscribeUserStatus({ userIDList: ['bob'] }).then((imResponse) => render(imResponse.data.failureUserList));
  chat.unsubscribeUserStatus({ userIDList: ['bob'] }).then((imResponse) => render(imResponse.data));
  chat.unsubscribeUserStatus({ userIDList: undefined });
}

// ---------------------------------------------------------------------------------------------
// Friends and friend groups, follow
// ---------------------------------------------------------------------------------------------

async function friends(): Promise<void> {
  chat.getFriendList().then(function (imResponse) {
    const friendList: Friend[] = imResponse.data;
    friendList.forEach((f) => render(f.userID, f.remark, f.groupList, f.source, f.wording, f.profile.nick, f.friendCustomField));
  });
  chat.addFriend({
    to: 'bob', source: 'AddSource_Type_Web', remark: 'Bobby', groupName: 'Friends', wording: 'Hi, I am Alice',
    type: TencentCloudChat.TYPES.SNS_ADD_TYPE_BOTH,
  }).then((imResponse) => {
    const { code } = imResponse.data;
    if (code === 30539) render('waiting for approval');
  });
  chat.deleteFriend({ userIDList: ['bob'], type: TencentCloudChat.TYPES.SNS_DELETE_TYPE_BOTH }).then((imResponse) => {
    const { successUserIDList, failureUserIDList } = imResponse.data;
    render(successUserIDList, failureUserIDList);
  });
  chat.checkFriend({ userIDList: ['bob'], type: TencentCloudChat.TYPES.SNS_CHECK_TYPE_BOTH }).then((imResponse) => {
    const { successUserIDList, failureUserIDList } = imResponse.data;
    successUserIDList.forEach((item: any) => {
      const { userID, code, relation } = item;
      if (relation === TencentCloudChat.TYPES.SNS_TYPE_BOTH_WAY) render(userID, code);
    });
    render(failureUserIDList);
  });
  chat.getFriendProfile({ userIDList: ['bob'] }).then((imResponse) => {
    const { friendList, failureUserIDList } = imResponse.data;
    render(friendList as Friend[], failureUserIDList);
  });
  chat.updateFriend({ userID: 'bob', remark: 'Bob B.', friendCustomField: [{ key: 'Tag_SNS_Custom_Test', value: 'x' }] })
    .then((imResponse) => render(imResponse.data as Friend));
  chat.getFriendApplicationList().then((imResponse) => {
    const { friendApplicationList, unreadCount } = imResponse.data;
    const applications: FriendApplication[] = friendApplicationList;
    applications.forEach((a) => render(a.userID, a.nick, a.avatar, a.time, a.source, a.wording, a.type));
    render(unreadCount);
  });
  chat.acceptFriendApplication({ userID: 'bob', remark: 'Bob', type: TencentCloudChat.TYPES.SNS_APPLICATION_AGREE_AND_ADD })
    .then((imResponse) => render(imResponse));
  chat.refuseFriendApplication({ userID: 'bob' }).then((imResponse) => render(imResponse));
  chat.deleteFriendApplication({ userID: 'bob', type: TencentCloudChat.TYPES.SNS_APPLICATION_SENT_TO_ME })
    .then((imResponse) => render(imResponse));
  chat.setFriendApplicationRead().then(() => render('read'));
  chat.getFriendGroupList().then((imResponse) => {
    const friendGroupList: FriendGroup[] = imResponse.data;
    friendGroupList.forEach((g) => render(g.name, g.count, g.userIDList));
  });
  chat.createFriendGroup({ name: 'Colleagues', userIDList: ['bob', 'carol'] }).then((imResponse) => {
    const { friendGroup, failureUserIDList } = imResponse.data;
    render(friendGroup as FriendGroup, failureUserIDList);
  });
  chat.deleteFriendGroup({ name: 'Colleagues' }).then((imResponse) => render(imResponse.data));
  chat.addToFriendGroup({ name: 'Colleagues', userIDList: ['dave'] }).then((imResponse) => {
    const { friendGroup, failureUserIDList } = imResponse.data;
    render(friendGroup, failureUserIDList);
  });
  chat.removeFromFriendGroup({ name: 'Colleagues', userIDList: ['dave'] }).then((imResponse) => render(imResponse.data.friendGroup));
  chat.renameFriendGroup({ oldName: 'Colleagues', newName: 'Team' }).then((imResponse) => render(imResponse.data));

  chat.followUser(['bob', 'carol']).then((imResponse) => render(imResponse.data));
  chat.unfollowUser(['bob']).then((imResponse) => render(imResponse.data));
  chat.getMyFollowersList().then((imResponse) => render(imResponse.data.resultList, imResponse.data.nextCursor));
  chat.getMyFollowersList('cursor-1');
  chat.getMyFollowingList().then((imResponse) => render(imResponse.data.resultList, imResponse.data.nextCursor));
  chat.getMutualFollowersList('').then((imResponse) => render(imResponse.data.resultList));
  chat.getUserFollowInfo(['bob']).then((imResponse) => {
    imResponse.data.forEach((item: any) => render(item.userID, item.followersCount, item.followingCount, item.mutualFollowersCount));
  });
  chat.getUserFollowInfo();
  chat.checkFollowType(['bob']).then((imResponse) => {
    imResponse.data.forEach((item: any) => render(item.userID, item.followType));
  });
}

// ---------------------------------------------------------------------------------------------
// Groups, group members, attributes and counters
// ---------------------------------------------------------------------------------------------

async function groups(): Promise<void> {
  chat.getGroupList().then(function (imResponse) {
    const groupList: Group[] = imResponse.data.groupList;
    groupList.forEach((g) => render(g.groupID, g.name, g.type, g.memberCount, g.selfInfo.role, g.lastMessage));
  });
  chat.getGroupProfile({ groupID: 'group1', groupCustomFieldFilter: ['key1'] }).then(function (imResponse) {
    const group: Group = imResponse.data.group;
    render(group.introduction, group.notification, group.ownerID, group.createTime, group.infoSequence, group.lastInfoTime);
    render(group.nextMessageSeq, group.maxMemberCount, group.muteAllMembers, group.joinOption, group.groupCustomField);
    render(group.isSupportTopic, group.avatar);
  });
  const created = await chat.createGroup({
    type: TencentCloudChat.TYPES.GRP_WORK,
    name: 'WebSDK',
    groupID: 'websdk',
    introduction: 'A group',
    notification: 'Be nice',
    avatar: 'https://example.com/g.png',
    maxMemberNum: 200,
    joinOption: TencentCloudChat.TYPES.JOIN_OPTIONS_FREE_ACCESS,
    memberList: [{ userID: 'bob' }, { userID: 'carol', role: TencentCloudChat.TYPES.GRP_MBR_ROLE_ADMIN, memberCustomField: [] }],
    groupCustomField: [{ key: 'group_level', value: 'high' }],
    isSupportTopic: false,
  });
  const newGroup: Group = created.data.group;
  const overLimit: string[] = created.data.overLimitUserIDList;
  render(newGroup, overLimit);
  chat.createGroup({ name: 'Community', type: TencentCloudChat.TYPES.GRP_COMMUNITY, isSupportTopic: true });
  chat.dismissGroup('websdk').then((imResponse) => render(imResponse.data.groupID));
  chat.updateGroupProfile({
    groupID: 'group1', name: 'New name', avatar: 'https://example.com/g2.png', introduction: 'intro', notification: 'notice',
    muteAllMembers: true, joinOption: TencentCloudChat.TYPES.JOIN_OPTIONS_NEED_PERMISSION,
    groupCustomField: [{ key: 'group_level', value: 'low' }],
  }).then((imResponse) => render(imResponse.data.group as Group));
  chat.joinGroup({ groupID: 'group1', applyMessage: 'Let me in', type: TencentCloudChat.TYPES.GRP_PUBLIC }).then(function (imResponse) {
    switch (imResponse.data.status) {
      case TencentCloudChat.TYPES.JOIN_STATUS_WAIT_APPROVAL: break;
      case TencentCloudChat.TYPES.JOIN_STATUS_SUCCESS: render(imResponse.data.group); break;
      case TencentCloudChat.TYPES.JOIN_STATUS_ALREADY_IN_GROUP: break;
      default: break;
    }
  });
  chat.quitGroup('group1').then((imResponse) => render(imResponse.data.groupID));
  chat.pinGroupMessage({ groupID: 'group1', message: chat.findMessage('msg-1') as Message, isPinned: true })
    .then(() => render('pinned'));
  chat.getPinnedGroupMessageList('group1').then((imResponse) => render(imResponse.data.messageList));
  chat.searchGroupByID('group1').then((imResponse) => render(imResponse.data.group));
  chat.getGroupOnlineMemberCount('avchatroom1').then((imResponse) => render(imResponse.data.memberCount));
  chat.changeGroupOwner({ groupID: 'group1', newOwnerID: 'bob' }).then((imResponse) => render(imResponse.data.group));
  chat.getGroupApplicationList().then((imResponse) => {
    const { applicationList } = imResponse.data;
    applicationList.forEach((item: any) => {
      chat.handleGroupApplication({ handleAction: 'Agree', application: { ...item } });
    });
  });
  chat.handleGroupApplication({ handleAction: 'Reject', handleMessage: 'No', message: chat.findMessage('sys-1') as Message })
    .then((imResponse) => render(imResponse.data.group));

  chat.initGroupAttributes({ groupID: 'group1', groupAttributes: { key1: 'value1', key2: 'value2' } })
    .then((imResponse) => render(imResponse.data.groupAttributes));
  chat.setGroupAttributes({ groupID: 'group1', groupAttributes: { key1: 'value3' } })
    .then((imResponse) => render(imResponse.data.groupAttributes));
  chat.deleteGroupAttributes({ groupID: 'group1', keyList: ['key1'] }).then((imResponse) => render(imResponse.data.keyList));
  chat.getGroupAttributes({ groupID: 'group1', keyList: [] }).then((imResponse) => render(imResponse.data.groupAttributes));
  chat.setGroupCounters({ groupID: 'group1', counters: { key1: 1, key2: 2 } }).then((imResponse) => {
    const { groupID, counters } = imResponse.data;
    render(groupID, counters);
  });
  chat.increaseGroupCounter({ groupID: 'group1', key: 'key1', value: 1 }).then((imResponse) => render(imResponse.data.counters));
  chat.decreaseGroupCounter({ groupID: 'group1', key: 'key1', value: 1 }).then((imResponse) => render(imResponse.data.counters));
  chat.getGroupCounters({ groupID: 'group1', keyList: ['key1'] }).then((imResponse) => render(imResponse.data.counters));
  chat.getGroupCounters({ groupID: 'group1' });

  chat.getGroupMemberList({ groupID: 'group1', count: 30, offset: 0 }).then(function (imResponse) {
    const memberList: GroupMember[] = imResponse.data.memberList;
    memberList.forEach((m) => render(m.userID, m.nick, m.avatar, m.role, m.joinTime, m.nameCard, m.muteUntil, m.memberCustomField));
    render(imResponse.data.offset);
  });
  chat.getGroupMemberList({ groupID: 'group1', count: 100, offset: 'next-seq', filter: 1, role: 'Admin' });
  chat.getGroupMemberProfile({ groupID: 'group1', userIDList: ['bob'], memberCustomFieldFilter: ['group_member_custom'] })
    .then((imResponse) => render(imResponse.data.memberList as GroupMember[]));
  chat.addGroupMember({ groupID: 'group1', userIDList: ['dave', 'erin'] }).then((imResponse) => {
    const { successUserIDList, failureUserIDList, existedUserIDList, group } = imResponse.data;
    render(successUserIDList, failureUserIDList, existedUserIDList, group);
  });
  chat.deleteGroupMember({ groupID: 'group1', userIDList: ['dave'], reason: 'spam', duration: 60 })
    .then((imResponse) => render(imResponse.data.group, imResponse.data.userIDList));
  chat.setGroupMemberMuteTime({ groupID: 'group1', userID: 'dave', muteTime: 600 })
    .then((imResponse) => render(imResponse.data.group, imResponse.data.member));
  chat.setGroupMemberRole({ groupID: 'group1', userID: 'bob', role: TencentCloudChat.TYPES.GRP_MBR_ROLE_ADMIN })
    .then((imResponse) => render(imResponse.data.group));
  chat.setGroupMemberNameCard({ groupID: 'group1', userID: 'bob', nameCard: 'Bob (ops)' })
    .then((imResponse) => render(imResponse.data.group, imResponse.data.member));
  chat.setGroupMemberNameCard({ groupID: 'group1', nameCard: 'Me' });
  chat.setGroupMemberCustomField({ groupID: 'group1', memberCustomField: [{ key: 'group_member_test', value: 'x' }] })
    .then((imResponse) => render(imResponse.data.member));
  chat.markGroupMemberList({ groupID: 'group1', userIDList: ['bob'], markType: 1000, enableMark: true })
    .then((imResponse) => render(imResponse.data.successUserIDList, imResponse.data.failureUserIDList));
}

// ---------------------------------------------------------------------------------------------
// Communities and topics
// ---------------------------------------------------------------------------------------------

async function topics(): Promise<void> {
  chat.getJoinedCommunityList().then((imResponse) => render(imResponse.data.groupList as Group[]));
  chat.createTopicInCommunity({
    groupID: '@TGS#_community', topicName: 'General', topicID: '@TGS#_community@TOPIC#_general',
    avatar: 'https://example.com/t.png', notification: 'n', introduction: 'i', customData: 'c',
  }).then((imResponse) => render(imResponse.data.topicID));
  chat.deleteTopicFromCommunity({ groupID: '@TGS#_community', topicIDList: ['@TGS#_community@TOPIC#_general'] })
    .then((imResponse) => {
      const { successTopicList, failureTopicList } = imResponse.data;
      render(successTopicList, failureTopicList);
    });
  chat.deleteTopicFromCommunity({ groupID: '@TGS#_community', topicIDList: undefined });
  chat.updateTopicProfile({
    groupID: '@TGS#_community', topicID: '@TGS#_community@TOPIC#_general', topicName: 'Main', muteAllMembers: false,
  }).then((imResponse) => render(imResponse.data.topic as Topic));
  chat.getTopicList({ groupID: '@TGS#_community', topicIDList: undefined }).then((imResponse) => {
    const { successTopicList, failureTopicList } = imResponse.data;
    successTopicList.forEach((item: any) => {
      const topic: Topic = item.topic;
      render(topic.topicID, topic.topicName, topic.unreadCount, topic.lastMessage, topic.selfInfo);
    });
    render(failureTopicList);
  });
}

// ---------------------------------------------------------------------------------------------
// Signaling
// ---------------------------------------------------------------------------------------------

async function signaling(): Promise<void> {
  const onNewInvitationReceived = (event: any) => {
    const { inviteID, inviter, groupID, inviteeList, data } = event.data;
    render(inviteID, inviter, groupID, inviteeList, data);
  };
  chat.addSignalingListener(TencentCloudChat.TSignaling.NEW_INVITATION_RECEIVED, onNewInvitationReceived);
  chat.addSignalingListener(TencentCloudChat.TSignaling.INVITEE_ACCEPTED, (event: any) => render(event.data), {});
  chat.removeSignalingListener(TencentCloudChat.TSignaling.NEW_INVITATION_RECEIVED, onNewInvitationReceived);

  const pushInfo = {
    title: 'Call', description: 'Incoming call', extension: '', disablePush: false,
    androidInfo: { sound: 'ring', OPPOChannelID: 'calls' }, apnsInfo: { sound: 'ring.caf', ignoreIOSBadge: true },
  };
  chat.invite({ userID: 'bob', data: JSON.stringify({ call: 'video' }), timeout: 30, offlinePushInfo: pushInfo })
    .then((imResponse) => {
      const { inviteID } = imResponse.data;
      chat.cancel({ inviteID, data: 'hang up' });
    });
  chat.inviteSync({ userID: 'bob', data: 'sync call', onlineUserOnly: true }, (inviteID: string) => render(inviteID), (error: any) => render(error));
  chat.inviteInGroup({ groupID: 'group1', inviteeList: ['bob', 'carol'], data: 'group call', timeout: 60 })
    .then((imResponse) => render(imResponse.data.inviteID));
  chat.inviteInGroupSync({ groupID: 'group1', inviteeList: ['bob'] }, function (inviteID: string) { render(inviteID); }, function () {});
  chat.cancel({ inviteID: 'invite-1' }).then((imResponse) => render(imResponse.data.inviteID));
  chat.accept({ inviteID: 'invite-1', data: 'ok' }).then((imResponse) => render(imResponse.data.inviteID));
  chat.reject({ inviteID: 'invite-1' }).then((imResponse) => render(imResponse.data.inviteID));
  chat.modifyInvitation({ inviteID: 'invite-1', data: 'new data' }).then((imResponse) => render(imResponse.data.inviteID));

  const message = chat.findMessage('custom-1');
  if (message) {
    const info: Signaling | null = chat.getSignalingInfo(message);
    if (info !== null) {
      render(info.inviteID, info.groupID, info.inviter, info.inviteeList, info.data, info.timeout);
      if (info.actionType === TencentCloudChat.TSignaling.ACTION_TYPE_INVITE) render('an invitation');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Experimental API
// ---------------------------------------------------------------------------------------------

const enabled = chat.callExperimentalAPI('isCommercialAbilityEnabled', 1);
render(enabled);

// ---------------------------------------------------------------------------------------------
// Objects handed to app code typed as the original types them
// ---------------------------------------------------------------------------------------------

function conversationTitle(c: Conversation): string {
  if (c.type === TencentCloudChat.TYPES.CONV_C2C) return c.userProfile.nick || c.userProfile.userID;
  if (c.type === TencentCloudChat.TYPES.CONV_GROUP) return c.groupProfile.name || c.groupProfile.groupID;
  return c.conversationID;
}
function isMine(m: Message, me: String): boolean {
  return m.from === me && m.flow === 'out';
}
function memberLabel(m: GroupMember): string {
  return m.nameCard || m.nick || m.userID;
}
function keepChat(sdk: ChatSDK): ChatSDK {
  return sdk;
}
type LoginOptions = Parameters<ChatSDK['login']>[0];
type CreateTextOptions = Parameters<ChatSDK['createTextMessage']>[0];
const loginOptions: LoginOptions = { userID: 'alice', userSig: 'sig' };
const textOptions: CreateTextOptions = { to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { text: 'hi' } };
const sendResult: ReturnType<ChatSDK['sendMessage']> = chat.sendMessage(chat.createTextMessage(textOptions));

// Enum variables widen to the enum, members compare across aliases, enums index records.
let kind = TencentCloudChat.TYPES.CONV_C2C;
kind = TencentCloudChat.TYPES.CONV_GROUP;
let netState = TencentCloudChat.TYPES.NET_STATE_CONNECTED;
netState = TencentCloudChat.TYPES.NET_STATE_DISCONNECTED;
const labels: Partial<Record<TencentCloudChat.TYPES, string>> = { [TencentCloudChat.TYPES.MSG_TEXT]: 'text' };
type GroupKind = TencentCloudChat.TYPES.GRP_WORK | TencentCloudChat.TYPES.GRP_PUBLIC | TencentCloudChat.TYPES.GRP_MEETING;
const groupKind: GroupKind = TencentCloudChat.TYPES.GRP_PUBLIC;
const anyType: Partial<TencentCloudChat.TYPES> = TencentCloudChat.TYPES.MSG_FILE;
function isSound(m: Message): boolean {
  return m.type === TencentCloudChat.TYPES.MSG_AUDIO;
}
function eventLabel(name: TencentCloudChat.EVENT): string {
  return name === TencentCloudChat.EVENT.ERROR ? 'error' : String(name);
}
const eventKeys: string[] = Object.keys(TencentCloudChat.EVENT);
const invitationEvents: TencentCloudChat.TSignaling[] = [
  TencentCloudChat.TSignaling.INVITEE_ACCEPTED, TencentCloudChat.TSignaling.INVITEE_REJECTED,
  TencentCloudChat.TSignaling.INVITATION_CANCELLED, TencentCloudChat.TSignaling.INVITATION_TIMEOUT,
  TencentCloudChat.TSignaling.INVITATION_MODIFIED,
];
render(kind, netState, labels, groupKind, anyType, isSound, eventLabel, eventKeys, invitationEvents);

// Objects built by app code (mocks) and partial views.
const fakeMessage = { ID: 'm1', type: TencentCloudChat.TYPES.MSG_TEXT, payload: { text: 'hi' }, from: 'bob' } as Message;
const conversationPatch: Partial<Conversation> = { unreadCount: 0, draftText: '' };
const profilePatch: Partial<Profile> = { nick: 'Bob' };
const fakeChat = {} as ChatSDK;
render(fakeMessage, conversationPatch, profilePatch, fakeChat);

// Handlers bound to an object, handlers kept in typed fields, the instance kept in a class.
class ChatStore {
  private unread = 0;
  constructor(private readonly sdk: ChatSDK) {
    sdk.on(TencentCloudChat.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, this.onUnread, this);
    sdk.on(TencentCloudChat.EVENT.MESSAGE_RECEIVED, function (this: ChatStore, event: any) { this.unread += event.data.length; }, this);
  }
  onUnread(event: { data: number }): void {
    this.unread = event.data;
  }
  async logout(): Promise<void> {
    this.sdk.off(TencentCloudChat.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, this.onUnread, this);
    await this.sdk.logout();
  }
  count(): number {
    return this.unread;
  }
}
const store = new ChatStore(chat);
const creator: typeof TencentCloudChat.create = TencentCloudChat.create;
type OnArgs = Parameters<ChatSDK['on']>;
const onArgs: OnArgs = ['onMessageReceived', onMessageReceived];
type ConversationListResult = Awaited<ReturnType<ChatSDK['getConversationList']>>;
async function latest(): Promise<Conversation[]> {
  const r: ConversationListResult = await chat.getConversationList();
  return r.data.conversationList;
}
render(store, creator, onArgs, latest);

render(session, teardown, messages, conversations, profiles, friends, groups, topics, signaling);
render(conversationTitle, isMine, memberLabel, keepChat(chat), loginOptions, sendResult);
