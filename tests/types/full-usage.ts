// Type-checked against js/full.d.ts: the full build's additions, typed.
import TencentCloudChat, { UnreadCountByFilter, Conversation } from 'tim-wasm/full';

async function badges(): Promise<number> {
  const chat = TencentCloudChat.create({ SDKAppID: 1400000001 });
  chat.on(TencentCloudChat.EVENT.UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED, (e) => {
    const d: UnreadCountByFilter = e.data;
    console.log(d.filter.groupName, d.unreadCount);
  });
  chat.on(TencentCloudChat.EVENT.SDK_READY, () => undefined);
  chat.on(TencentCloudChat.EVENT.CONVERSATIONS_ADDED_TO_GROUP, (e) => console.log(e.data.groupName, e.data.conversationList.length));
  chat.on(TencentCloudChat.EVENT.CONVERSATION_GROUP_NAME_CHANGED, (e) => console.log(e.data.oldName, e.data.newName));
  const first = await chat.subscribeUnreadMessageCountByFilter({ groupName: 'work' });
  const page = await chat.getConversationListByFilter({ filter: { type: TencentCloudChat.TYPES.CONV_C2C }, nextSeq: 0, count: 20 });
  const list: Conversation[] = page.data.conversationList;
  if (!page.data.isFinished) await chat.getConversationListByFilter({ nextSeq: page.data.nextSeq });
  await chat.unsubscribeUnreadMessageCountByFilter({ groupName: 'work' });
  const order: string[] = (await chat.setConversationGroupOrder(['work', 'home'])).data.groupNameList;
  await chat.markConversationGroupAsRead(order[0]);
  return first.data.unreadCount + list.length + (await chat.getUnreadMessageCountByFilter({})).data.unreadCount;
}
badges();
