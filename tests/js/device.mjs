// One device for the multi-node workload (nodes.test.mjs): a worker thread with its own
// tim-wasm instance (`create` keeps one per SDKAppID in each JavaScript realm), driven by
// messages {id, op, args}; every answer is {id, data} or {id, error: {code, message}}.
import { parentPort, workerData } from 'node:worker_threads';

const { default: T } = await import(workerData.entry);
const chat = T.create({ SDKAppID: workerData.app, server: workerData.servers });
const net = [];
chat.on(T.EVENT.NET_STATE_CHANGE, (e) => net.push(e.data.state));

const when = (name) => new Promise((resolve) => {
  const h = (e) => { chat.off(name, h); resolve(e.data); };
  chat.on(name, h);
});

/** Every message of a conversation, oldest first: [ID, sequence, from, text]. */
async function history(conversationID) {
  const all = [];
  let nextReqMessageID;
  for (;;) {
    const page = (await chat.getMessageList({ conversationID, nextReqMessageID })).data;
    all.unshift(...page.messageList.map((m) => [m.ID, m.sequence, m.from, m.payload.text]));
    if (page.isCompleted) return all;
    nextReqMessageID = page.nextReqMessageID;
  }
}

/** Events waited for: `arm(name)` before the cause, `next(name)` for its data. */
const armed = new Map();

const ops = {
  arm: async (name) => { armed.set(name, when(name)); },
  next: async (name) => armed.get(name),
  /** A synchronous method's result. */
  sync: async (method, arg) => chat[method](arg),
  async login(userID, userSig) {
    const ready = when(T.EVENT.SDK_READY);
    await chat.login({ userID, userSig });
    await ready;
  },
  async send(to, conversationType, text) {
    const r = await chat.sendMessage(chat.createTextMessage({ to, conversationType, payload: { text } }));
    return r.data.message.ID;
  },
  async call(method, arg) {
    await chat[method](arg);
  },
  /** A method's `data`. */
  async invoke(method, ...args) {
    return (await chat[method](...args)).data;
  },
  /** What a user sees: the conversation list (in order), the group list, and with `messages`
   * every conversation's history. */
  async state(messages) {
    const list = (await chat.getConversationList()).data.conversationList.map((c) => ({
      id: c.conversationID,
      unread: c.unreadCount,
      pinned: c.isPinned,
      groups: c.conversationGroupList || [],
      marks: c.markList || [],
      last: c.lastMessage ? [c.lastMessage.lastSequence, c.lastMessage.fromAccount, c.lastMessage.payload?.text] : null,
    }));
    const groups = (await chat.getConversationGroupList()).data;
    const histories = {};
    if (messages) for (const c of list) histories[c.id] = await history(c.id);
    return { list, groups, histories };
  },
  net: async () => net,
  async destroy() {
    await chat.destroy();
  },
};

parentPort.on('message', async ({ id, op, args }) => {
  try {
    parentPort.postMessage({ id, data: await ops[op](...args) });
  } catch (e) {
    parentPort.postMessage({ id, error: { code: e?.code, message: String(e?.message ?? e) } });
  }
});
parentPort.postMessage({ ready: true });
