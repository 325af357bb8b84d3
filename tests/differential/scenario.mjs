// One scenario, run unchanged against the original and against tim-wasm: the documentation
// page's sequence plus the rules' edge cases. It records each call's result and the events
// it caused, in order. (Serialised into the browser with Function.prototype.toString.)
export async function scenario(TencentCloudChat, chat, which = 'groups') {
  const E = TencentCloudChat.EVENT;
  const names = { [E.CONVERSATION_LIST_UPDATED]: 'CLU', [E.CONVERSATION_GROUP_LIST_UPDATED]: 'CGLU', [E.CONVERSATION_IN_GROUP_UPDATED]: 'CIGU' };
  let events = [];
  for (const ev of Object.keys(names)) {
    chat.on(ev, (e) => {
      const data = ev === E.CONVERSATION_IN_GROUP_UPDATED
        ? [e.data.groupName, e.data.conversationList.map((c) => c.conversationID).sort()]
        : ev === E.CONVERSATION_GROUP_LIST_UPDATED ? e.data : e.data.map((c) => [c.conversationID, [...c.conversationGroupList], c.isPinned, [...c.markList], c.customData, c.draftText]);
      events.push([names[ev], data]);
    });
  }
  const steps = [];
  const step = async (label, fn) => {
    events = [];
    let result;
    try {
      const r = await fn();
      result = r === undefined ? 'undefined' : { code: r.code, data: r.data };
    } catch (e) {
      result = { error: e.code };
    }
    steps.push({ label, result, events });
  };
  if (which === 'state') {
    const ids = async (f) => ({ code: 0, data: (await chat.getConversationList(f)).data.conversationList.map((c) => c.conversationID) });
    await step('pin', () => chat.pinConversation({ conversationID: 'C2Cexample', isPinned: true }));
    await step('order', () => ids());
    await step('pin again', () => chat.pinConversation({ conversationID: 'C2Cexample', isPinned: true }));
    await step('mark', () => chat.markConversation({ conversationIDList: ['GROUPtest', 'C2Cnobody'], markType: TencentCloudChat.TYPES.CONV_MARK_TYPE_STAR, enableMark: true }));
    await step('starred', () => ids({ markType: TencentCloudChat.TYPES.CONV_MARK_TYPE_STAR }));
    await step('unmarked', () => ids({ markType: 0 }));
    await step('unmark', () => chat.markConversation({ conversationIDList: ['GROUPtest'], markType: TencentCloudChat.TYPES.CONV_MARK_TYPE_STAR, enableMark: false }));
    await step('custom data', () => chat.setConversationCustomData({ conversationIDList: ['C2Cexample'], customData: 'vip' }));
    await step('same custom data', () => chat.setConversationCustomData({ conversationIDList: ['C2Cexample'], customData: 'vip' }));
    await step('draft', async () => {
      const r = await chat.setConversationDraft({ conversationID: 'GROUPtest', draftText: 'typing' });
      return { code: r.code, data: [r.data.code, r.data.conversation.draftText] };
    });
    await step('same draft', async () => {
      const r = await chat.setConversationDraft({ conversationID: 'GROUPtest', draftText: 'typing' });
      return { code: r.code, data: [r.data.code, r.data.conversation.draftText] };
    });
    await step('unpin', () => chat.pinConversation({ conversationID: 'C2Cexample', isPinned: false }));
    await step('final order', () => ids());
    // (No hasUnreadCount here: the fake server does not play the original's C2C unread sync.)
    await step('filters', async () => ({ code: 0, data: [(await ids({ type: 'GROUP' })).data, (await ids({ type: 'TOPIC' })).data, (await ids([])).data, (await ids(null)).data] }));
    return steps;
  }
  await step('create', () => chat.createConversationGroup({ conversationIDList: ['GROUPtest', 'C2Cexample'], groupName: 'Suppliers' }));
  await step('groups', () => chat.getConversationGroupList());
  await step('in group', async () => {
    const r = await chat.getConversationList({ groupName: 'Suppliers' });
    return { code: r.code, data: r.data.conversationList.map((c) => c.conversationID).sort() };
  });
  await step('rename', () => chat.renameConversationGroup({ oldName: 'Suppliers', newName: 'Suppliers_new' }));
  await step('remove', () => chat.deleteConversationsFromGroup({ conversationIDList: ['GROUPtest', 'C2Cexample'], groupName: 'Suppliers_new' }));
  await step('add', () => chat.addConversationsToGroup({ conversationIDList: ['GROUPtest', 'C2Cexample'], groupName: 'Suppliers_new' }));
  await step('add again', () => chat.addConversationsToGroup({ conversationIDList: ['C2Cexample'], groupName: 'Suppliers_new' }));
  await step('unknown ids', () => chat.createConversationGroup({ conversationIDList: ['C2Cnobody', 'foo'], groupName: 'X' }));
  await step('mixed ids', () => chat.createConversationGroup({ conversationIDList: ['C2Cnobody', 'C2Cexample'], groupName: 'Y' }));
  await step('duplicate name', () => chat.createConversationGroup({ conversationIDList: ['C2Cexample'], groupName: 'Y' }));
  await step('bytes', () => chat.createConversationGroup({ conversationIDList: ['C2Cexample'], groupName: '组'.repeat(11) }));
  await step('delete unknown', () => chat.deleteConversationGroup('nope'));
  await step('delete', () => chat.deleteConversationGroup('Suppliers_new'));
  await step('final', async () => ({ code: 0, data: (await chat.getConversationGroupList()).data }));
  return steps;
}
