// Type-checked (tsc --noEmit) against js/index.d.ts: typical app code compiles.
import TencentCloudChat, { ChatError, ChatEvent, Conversation, LocalCloud, implementedMethods } from 'tim-wasm';

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
