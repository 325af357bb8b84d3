// A small demo of tim-wasm: conversations, conversation groups (folders) and messages, with peers
// played by the local cloud's admin handle. The local cloud keeps its state in this browser's
// IndexedDB and every tab shares it: log in as bob in a second tab to chat with alice.
// With `?server=ws://HOST:PORT` it talks to a tim-wasm server instead (`npm run server`, no
// `--app`: its development app and `/dev/usersig` give the SDKAppID and each user's sig), so
// two browsers, or two machines, can chat.
// It loads the full build for our additions: each group tab's unread badge is a subscribed
// count (live, right before the group is opened), the tabs are in the user's order (synced to
// every device), and a group can be marked read at once.
import TencentCloudChat, { LocalCloud } from 'tim-wasm/full';

const SERVER = new URLSearchParams(location.search).get('server');
const DEV = SERVER && SERVER.replace(/^ws/, 'http').replace(/\/*$/, '') + '/dev/usersig';
// The server's development app: its SDKAppID and a sig for `userID`.
const devSig = (userID) => fetch(DEV, { method: 'POST', body: JSON.stringify({ userID }) }).then((r) => r.json());
const SDKAppID = SERVER ? (await devSig('demo')).SDKAppID : 1400000001;
const { EVENT, TYPES } = TencentCloudChat;
const chat = TencentCloudChat.create(SERVER ? { SDKAppID, server: SERVER } : { SDKAppID });
const cloud = SERVER ? null : new LocalCloud(SDKAppID);
const $ = (id) => document.getElementById(id);
const state = { group: null, current: null };
// Unread badges by group tab (null: all, '': in no group, else the group's name), kept by
// subscribed counts: UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED tells each change.
const badges = new Map();
const filterOf = (name) => (name === null ? {} : { groupName: name });

async function subscribe(names) {
  for (const name of [null, '', ...names]) {
    if (badges.has(name)) continue;
    badges.set(name, (await chat.subscribeUnreadMessageCountByFilter(filterOf(name))).data.unreadCount);
  }
  for (const name of [...badges.keys()]) {
    if (name && !names.includes(name)) {
      badges.delete(name);
      await chat.unsubscribeUnreadMessageCountByFilter(filterOf(name));
    }
  }
}

const log = (line) => { $('log').textContent = `${new Date().toLocaleTimeString()} ${line}\n` + $('log').textContent; };
const fail = (err) => log(`error ${err.code}: ${err.message}`);

// Sample conversations, once per user (the state outlives the page).
async function seed(me) {
  if (!cloud) return;
  const key = `tim-wasm-demo-seeded:${me}`;
  if (localStorage.getItem(key)) return;
  localStorage.setItem(key, '1');
  await cloud.importAccount({ userID: 'bob', nick: 'Bob' });
  await cloud.importAccount({ userID: 'carol', nick: 'Carol' });
  await cloud.sendMessage({ from: 'bob', to: me, text: 'Hi! Did the samples arrive?' });
  await cloud.sendMessage({ from: 'carol', to: me, text: 'Invoice attached.' });
  await cloud.createGroup({ ownerID: 'bob', groupID: 'suppliers', name: 'Suppliers', memberList: [me, 'carol'] })
    .catch(() => cloud.joinGroup({ userID: me, groupID: 'suppliers' }));
  await cloud.sendMessage({ from: 'carol', to: 'suppliers', conversationType: 'GROUP', text: 'New price list next week' });
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function title(c) {
  return c.type === TYPES.CONV_GROUP ? c.groupProfile.name || c.toAccount : c.userProfile.nick || c.toAccount;
}

async function renderGroups() {
  const names = (await chat.getConversationGroupList()).data;
  await subscribe(names);
  const ul = $('groups');
  ul.replaceChildren();
  for (const name of [null, '', ...names]) {
    const li = el('li', name === null ? 'All' : name === '' ? 'In no group' : name);
    if (state.group === name) li.classList.add('active');
    if (badges.get(name)) li.append(el('span', String(badges.get(name)), 'badge'));
    li.onclick = () => { state.group = name; render(); };
    if (name) {
      const at = names.indexOf(name);
      if (at > 0) {
        // Up one place: the user's order, kept in the cloud for every device.
        const up = el('button', '↑');
        up.title = 'move up';
        up.onclick = (e) => {
          e.stopPropagation();
          const order = names.slice();
          order.splice(at - 1, 2, name, names[at - 1]);
          chat.setConversationGroupOrder(order).catch(fail);
        };
        li.append(up);
      }
      if (badges.get(name)) {
        const read = el('button', 'read');
        read.title = 'mark the group read';
        read.onclick = (e) => { e.stopPropagation(); chat.markConversationGroupAsRead(name).catch(fail); };
        li.append(read);
      }
      const rename = el('button', 'rename');
      rename.onclick = (e) => {
        e.stopPropagation();
        const newName = prompt('New name', name);
        if (newName) chat.renameConversationGroup({ oldName: name, newName }).then(() => { if (state.group === name) state.group = newName; }, fail);
      };
      const del = el('button', 'delete');
      del.onclick = (e) => { e.stopPropagation(); chat.deleteConversationGroup(name).then(() => { state.group = null; render(); }, fail); };
      li.append(rename, del);
    }
    ul.append(li);
  }
  return names;
}

async function renderConversations(names) {
  const filter = state.group === null ? undefined : { groupName: state.group };
  const list = (await chat.getConversationList(filter)).data.conversationList;
  $('list-title').textContent = state.group === null ? 'All conversations' : state.group === '' ? 'In no group' : `Group: ${state.group}`;
  const ul = $('conversations');
  ul.replaceChildren();
  for (const c of list) {
    const li = el('li');
    if (state.current === c.conversationID) li.classList.add('active');
    li.append(el('strong', title(c)));
    if (c.unreadCount) li.append(el('span', String(c.unreadCount), 'badge'));
    li.append(el('div', c.lastMessage.messageForShow, 'meta'));
    if (c.conversationGroupList.length) li.append(el('div', c.conversationGroupList.join(' · '), 'tags'));
    for (const name of names) {
      const inGroup = c.conversationGroupList.includes(name);
      const b = el('button', `${inGroup ? '−' : '+'} ${name}`);
      b.onclick = (e) => {
        e.stopPropagation();
        const op = inGroup ? 'deleteConversationsFromGroup' : 'addConversationsToGroup';
        chat[op]({ groupName: name, conversationIDList: [c.conversationID] }).catch(fail);
      };
      li.append(b);
    }
    li.onclick = () => openConversation(c.conversationID, title(c)).catch(fail);
    ul.append(li);
  }
}

async function openConversation(id, name) {
  state.current = id;
  $('chat-title').textContent = name;
  await chat.setMessageRead({ conversationID: id }).catch(fail);
  const { messageList } = (await chat.getMessageList({ conversationID: id })).data;
  const ol = $('messages');
  ol.replaceChildren(...messageList.map((m) => el('li', `${m.nick || m.from}: ${m.payload.text ?? '[' + m.type + ']'}`, m.flow)));
  render();
}

let rendering = Promise.resolve();
function render() {
  rendering = rendering.then(async () => renderConversations(await renderGroups())).catch(fail);
}

chat.on(EVENT.SDK_READY, () => { $('status').textContent = `logged in as ${chat.getLoginUser()}`; render(); });
chat.on(EVENT.SDK_NOT_READY, () => { $('status').textContent = 'logged out'; badges.clear(); });
chat.on(EVENT.CONVERSATION_LIST_UPDATED, (e) => {
  log(`CONVERSATION_LIST_UPDATED (${e.data.length})`);
  if (chat.isReady()) render();
});
chat.on(EVENT.CONVERSATION_GROUP_LIST_UPDATED, (e) => {
  log(`CONVERSATION_GROUP_LIST_UPDATED ${JSON.stringify(e.data)}`);
  if (chat.isReady()) render();
});
chat.on(EVENT.UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED, (e) => {
  const name = e.data.filter.groupName ?? null;
  log(`UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED ${JSON.stringify(e.data.filter)} ${e.data.unreadCount}`);
  if (badges.has(name)) badges.set(name, e.data.unreadCount);
  render();
});
for (const k of ['CONVERSATION_GROUP_CREATED', 'CONVERSATION_GROUP_DELETED', 'CONVERSATION_GROUP_NAME_CHANGED', 'CONVERSATIONS_ADDED_TO_GROUP', 'CONVERSATIONS_DELETED_FROM_GROUP']) {
  chat.on(EVENT[k], (e) => log(`${k} ${e.data.conversationList ? `${e.data.groupName}: ${e.data.conversationList.map((c) => c.conversationID).join(', ')}` : JSON.stringify(e.data)}`));
}
chat.on(EVENT.CONVERSATION_IN_GROUP_UPDATED, (e) => log(`CONVERSATION_IN_GROUP_UPDATED ${e.data.groupName}: ${e.data.conversationList.length}`));
chat.on(EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, (e) => log(`TOTAL_UNREAD_MESSAGE_COUNT_UPDATED ${e.data}`));
chat.on(EVENT.MESSAGE_RECEIVED, (e) => {
  log(`MESSAGE_RECEIVED ${e.data.length}`);
  if (e.data.some((m) => m.conversationID === state.current)) openConversation(state.current, $('chat-title').textContent).catch(fail);
});

$('status').textContent = `tim-wasm ${TencentCloudChat.VERSION} loaded`;

$('login').onsubmit = async (e) => {
  e.preventDefault();
  const userID = $('user').value.trim();
  try {
    if (chat.isReady()) await chat.logout();
    await seed(userID);
    await chat.login({ userID, userSig: SERVER ? (await devSig(userID)).userSig : 'local' });
  } catch (err) { fail(err); }
};

$('new-group').onsubmit = (e) => {
  e.preventDefault();
  const groupName = $('group-name').value.trim();
  const first = state.current ? [state.current] : [];
  chat.getConversationList().then((r) => {
    const ids = first.length ? first : r.data.conversationList.slice(0, 1).map((c) => c.conversationID);
    return chat.createConversationGroup({ groupName, conversationIDList: ids });
  }).then(() => { $('group-name').value = ''; render(); }, fail);
};

$('send').onsubmit = (e) => {
  e.preventDefault();
  if (!state.current) return;
  const [type, to] = state.current.startsWith('GROUP') ? [TYPES.CONV_GROUP, state.current.slice(5)] : [TYPES.CONV_C2C, state.current.slice(3)];
  const message = chat.createTextMessage({ to, conversationType: type, payload: { text: $('text').value } });
  chat.sendMessage(message).then(() => { $('text').value = ''; return openConversation(state.current, $('chat-title').textContent); }).catch(fail);
};

$('peer-message').onclick = () => {
  const me = chat.getLoginUser();
  if (me && cloud) cloud.sendMessage({ from: 'bob', to: me, text: `ping at ${new Date().toLocaleTimeString()}` }).catch(fail);
};

// Start a chat with anyone (their conversation appears with the first message).
$('chat-with').onsubmit = (e) => {
  e.preventDefault();
  const peer = $('peer').value.trim();
  if (!peer) return;
  state.current = `C2C${peer}`;
  $('chat-title').textContent = peer;
  $('messages').replaceChildren();
};
chat.on(EVENT.NET_STATE_CHANGE, (e) => log(`NET_STATE_CHANGE ${e.data.state}`));
if (SERVER) {
  $('peer-hint').hidden = true;
  $('status').textContent += ` · server ${SERVER}`;
}
