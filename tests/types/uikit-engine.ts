// A third-party library typed against the original's declarations: the TUIKit chat engine
// (@tencentcloud/chat-uikit-engine, whose index.d.ts imports types and the TencentCloudChat
// namespace from '@tencentcloud/chat'). tsconfig.uikit.json points '@tencentcloud/chat' at
// js/index.d.ts and checks the engine's own declarations against ours (skipLibCheck off).
import TUIChatEngine, { TUIChatService, TUIConversationService, TUIStore, StoreName } from '@tencentcloud/chat-uikit-engine';
import type { IConversationModel, IMessageModel, SendMessageParams } from '@tencentcloud/chat-uikit-engine';
import TencentCloudChat from '@tencentcloud/chat';

export async function start(userID: string, userSig: string): Promise<void> {
  await TUIChatEngine.login({ chat: TencentCloudChat.create({ SDKAppID: 1400000001 }), SDKAppID: 1400000001, userID, userSig });
  TUIStore.watch(StoreName.CONV, {
    conversationList: (list: IConversationModel[]) => console.log(list.map((c) => c.conversationID)),
  });
  TUIConversationService.switchConversation('C2Cbob');
  const params: SendMessageParams = { to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { text: 'hi' } };
  const sent = await TUIChatService.sendTextMessage(params);
  console.log(sent, TUIChatEngine.chat.isReady(), (null as unknown as IMessageModel)?.ID);
}
