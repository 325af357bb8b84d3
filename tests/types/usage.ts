// Type-checked (tsc --noEmit) against js/index.d.ts: typical app code compiles.
import TencentCloudChat, { ChatError, ChatEvent, Conversation, LocalCloud, implementedMethods } from 'tim-wasm';
import type { Friend, Message, Profile } from 'tim-wasm';

const chat = TencentCloudChat.create({ SDKAppID: 1400000001 });
if (chat) {
  chat.on(TencentCloudChat.EVENT.SDK_READY, (e: ChatEvent) => console.log(e.name), {});
  chat.login({ userID: 'alice', userSig: 'sig' }).then((r) => r.data.repeatLogin, (e: ChatError) => e.code);
  const ready: boolean = chat.isReady();
  const fold: 4 = TencentCloudChat.TYPES.CONV_MARK_TYPE_FOLD;
  chat.getConversationList({ groupName: 'Suppliers' });
  console.log(ready, fold, implementedMethods().length);
}

async function seeded(): Promise<string[]> {
  const cloud = new LocalCloud(1400000001);
  await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hi' });
  const chat = TencentCloudChat.create({ SDKAppID: 1400000001 })!;
  const res = await chat.getConversationList({ groupName: '' });
  const list: Conversation[] = res.data.conversationList;
  const made = await chat.createConversationGroup({ groupName: 'Work', conversationIDList: list.map((c) => c.conversationID) });
  return made.data.successConversationIDList.concat(list.map((c) => c.toAccount));
}
console.log(seeded);

// tim-wasm's typing beyond the original's: typed events and results, run-time constants the
// original does not declare, plain values where the original insists on enum members.
async function typed(): Promise<void> {
  const chat = TencentCloudChat.create({ SDKAppID: '1400000001', storage: 'memory' });
  chat.on(TencentCloudChat.EVENT.MESSAGE_RECEIVED, (e) => console.log(e.data.map((m) => m.ID)));
  chat.on(TencentCloudChat.EVENT.CONVERSATION_LIST_UPDATED, (e) => console.log(e.isSyncCompleted, e.data[0]?.toAccount));
  chat.on(TencentCloudChat.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, (e) => console.log(e.data.toFixed(0)));
  chat.once(TencentCloudChat.EVENT.SDK_DESTROY, (e) => console.log(e.data.SDKAppID));
  chat.on('onConversationGroupListUpdated', (e) => console.log(e.data.join()));
  chat.on(TencentCloudChat.EVENT.ERROR, (e: ChatEvent<{ code: number; message: string }>) => console.log(e.data.code));
  // Server mode: one URL or a list (failover).
  const remote = TencentCloudChat.create({ SDKAppID: 1400000001, server: ['ws://a:8090', 'wss://b'] });
  remote.on(TencentCloudChat.EVENT.NET_STATE_CHANGE, (e) => console.log(e.data.state));

  const message = chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'hi' } });
  const sent = await chat.sendMessage(message, { onlineUserOnly: false });
  const status: 'unSend' | 'success' | 'fail' = sent.data.message.status;
  const kind: TencentCloudChat.TYPES = sent.data.message.type;
  const found: Message | null = chat.findMessage(message.ID);

  const page = await chat.getMessageList({ conversationID: 'C2Cbob', count: 15 });
  const messages: Message[] = page.data.messageList;
  const byString = await chat.deleteConversation('C2Cbob');
  const deletedOne: string = byString.data.conversationID;
  const byList = await chat.deleteConversation({ conversationIDList: ['C2Cbob'] });
  const deletedMany: string[] = byList.data.conversationIDList;
  const draft = await chat.setConversationDraft({ conversationID: 'C2Cbob', draftText: 'later' });
  const draftText: string = draft.data.conversation.draftText;
  const muted = await chat.setMessageRemindType({ groupID: 'g1', messageRemindType: TencentCloudChat.TYPES.MSG_REMIND_DISCARD });
  const mutedGroup: string = muted.data.groupID;
  // Members used inside object literals, and the run-time values FOLD = 4 and HIDE = 8.
  await chat.markConversation({ conversationIDList: ['C2Cbob'], markType: TencentCloudChat.TYPES.CONV_MARK_TYPE_HIDE, enableMark: true });
  await chat.getConversationList({ markType: TencentCloudChat.TYPES.CONV_MARK_TYPE_FOLD, type: 'GROUP' });
  const joined = await chat.joinGroup({ groupID: 'g1', type: TencentCloudChat.TYPES.GRP_PUBLIC });
  if (joined.data.status === TencentCloudChat.TYPES.JOIN_STATUS_SUCCESS) console.log(joined.data.group?.name);
  const profile: Profile = (await chat.getMyProfile()).data;
  const friends: Friend[] = (await chat.getFriendList()).data;
  const applications = (await chat.getFriendApplicationList()).data.friendApplicationList;
  const blocked: string[] = (await chat.getBlacklist()).data;
  const runtimeOnly = [TencentCloudChat.TYPES.MSG_SOUND, TencentCloudChat.TYPES.GRP_LIVE, TencentCloudChat.TYPES.INVITE_OPTIONS_FREE_ACCESS];
  const hide: 8 = TencentCloudChat.TYPES.CONV_MARK_TYPE_HIDE;
  const version: string = TencentCloudChat.VERSION;
  console.log(status, kind, found, messages, deletedOne, deletedMany, draftText, mutedGroup, profile.lastUpdatedTime);
  console.log(friends, applications, blocked, runtimeOnly, hide, version, TencentCloudChat.EVENT.SERVER_CONFIG_UPDATED);

  // @ts-expect-error: no method of that name (there is no catch-all signature).
  chat.getConversationLis();
  // @ts-expect-error: CONV_MARK_TYPE_FOLD is 4 at run time (the original's declarations say 3).
  const three: 3 = TencentCloudChat.TYPES.CONV_MARK_TYPE_FOLD;
  // @ts-expect-error: create() is typed non-null, as the original's.
  const nullable: null = TencentCloudChat.create({ SDKAppID: 1 });
  // @ts-expect-error: getTotalUnreadMessageCount is synchronous.
  await chat.getTotalUnreadMessageCount().then(() => 0);
  console.log(three, nullable);
}
console.log(typed);

// The full build: the same declarations, more methods built.
import FullChat from 'tim-wasm/full';
async function blocked(): Promise<string[]> {
  const chat = FullChat.create({ SDKAppID: 1400000001 })!;
  const list: string[] = (await chat.addToBlacklist({ userIDList: ['bob'] })).data;
  return list.concat((await chat.removeFromBlacklist({ userIDList: ['bob'] })).data);
}
console.log(blocked);
