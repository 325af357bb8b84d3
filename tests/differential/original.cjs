// Runs the original SDK (@tencentcloud/chat 3.6.6, a devDependency) under Node with its network
// layer answered by a small fake server that enforces the same conversation-group rules as our
// local cloud. Used only by the differential test; nothing of the original ships with tim-wasm.
const fs = require('fs');
const os = require('os');
const path = require('path');

globalThis.WebSocket = class { constructor() { this.readyState = 0; } send() {} close() {} };
globalThis.XMLHttpRequest = class {
  open() {}
  setRequestHeader() {}
  send() { setTimeout(() => { this.readyState = 4; this.status = 404; if (this.onreadystatechange) this.onreadystatechange(); }, 0); }
  abort() {}
};

// A copy whose only change records each internal module manager, so the network call can be
// replaced. It lives in the OS temp folder.
function loadOriginal() {
  const src = require.resolve('@tencentcloud/chat/index.js');
  const copy = path.join(os.tmpdir(), 'tim-wasm-differential-chat-3.6.6.js');
  const anchor = 'this._n="ModuleManager"';
  const code = fs.readFileSync(src, 'utf8');
  if (code.split(anchor).length !== 2) throw new Error('the original changed: module manager anchor not found once');
  fs.writeFileSync(copy, code.replace(anchor, '(globalThis.__timDiffManagers=globalThis.__timDiffManagers||[]).push(this),' + anchor));
  return require(copy);
}

const SESSION_MODULE = 20; // the module whose `req` sends every request

/** A fake server: conversations from `convs` ({type, userID|groupID, time, text}), groups with our rules. */
function fakeServer(convs) {
  const groups = []; // {id, name, members: Set}
  let nextId = 1;
  const key = (ci) => (ci.type === 1 ? 'C2C' + (ci.toAccount || ci.to) : 'GROUP' + ci.groupID);
  const out = (ci) => (ci.type === 1 ? { type: 1, to: ci.toAccount || ci.to } : { type: 2, groupID: ci.groupID });
  const err = (code, message) => ({ __error: true, code, message });
  const bytes = (s) => Buffer.byteLength(s, 'utf8');
  const find = (name) => groups.find((g) => g.name === name);
  const update = (d, add) => {
    const name = d.updateGroup.groupName || d.updateGroup.oldName || d.updateGroup.oldGroupName;
    const g = find(name);
    if (!g) return err(51009, 'group does not exist');
    return {
      updateGroupResult: {
        contactResultItem: d.updateGroup.updateItem.map((u) => {
          const k = key(u.contactItem);
          let resultCode = 0;
          if (add && !g.members.has(k)) { if (g.members.size >= 1000) resultCode = 51008; else g.members.add(k); }
          if (!add) g.members.delete(k);
          return { contactItem: out(u.contactItem), resultCode, resultInfo: '' };
        }),
      },
    };
  };
  return {
    wslogin: () => ({ a2Key: 'A2', tinyID: '144115', helloInterval: 120, instanceID: 1, timeStamp: Math.floor(Date.now() / 1000), purchaseBits: '1'.repeat(64), authKey: '' }),
    page_get: () => ({
      completeFlag: 1, timeStamp: 1, startIndex: 0, pinnedTimeStamp: 1, pinnedStartIndex: 0, groupItem: [],
      conversations: convs.map((c) => ({
        type: c.type, userID: c.userID, groupID: c.groupID, groupNick: c.groupID, groupType: 'Public', peerNick: '', time: c.time, sequence: 1,
        lastC2CMsgFromAccount: c.from, msgGroupFromAccount: c.from, lastMsg: { elements: [{ type: 'TIMTextElem', content: { text: c.text } }] },
        unreadCount: 1, isPinned: 0, contactGroupId: [], messageRemindType: 0,
      })),
    }),
    get_contact_group: () => ({ completeFlag: 1, nextStartIndex: 0, groupItem: groups.map((g) => ({ convGroupID: String(g.id), groupName: g.name })), contactItem: [] }),
    create_contact_group: (d) => {
      const { groupName, contactItem } = d.itemList[0];
      if (!groupName || bytes(groupName) > 32) return err(51011, 'bad name');
      if (find(groupName)) return err(51013, 'duplicate name');
      if (groups.length >= 20) return err(51010, 'too many groups');
      const g = { id: nextId++, name: groupName, members: new Set() };
      groups.push(g);
      const resultItem = contactItem.map((ci) => { g.members.add(key(ci)); return { contactItem: out(ci), resultCode: 0, resultInfo: '' }; });
      return { groupResultItem: [{ groupItem: { convGroupID: String(g.id), groupName }, resultItem }] };
    },
    del_contact_group: (d) => {
      const g = find(d.groupName[0]);
      if (!g) return err(51009, 'group does not exist');
      groups.splice(groups.indexOf(g), 1);
      return { groupItem: [{ convGroupID: String(g.id), groupName: g.name }] };
    },
    update_contact_group: (d) => {
      const { oldName, newName } = d.updateGroup;
      const g = find(oldName);
      if (!g) return err(51009, 'group does not exist');
      if (!newName || bytes(newName) > 32) return err(51011, 'bad name');
      if (newName !== oldName && find(newName)) return err(51013, 'duplicate name');
      g.name = newName;
      return { updateGroupResult: { convGroupID: String(g.id), oldName, newName } };
    },
    add_conv_to_group: (d) => update(d, true),
    del_conv_from_group: (d) => update(d, false),
    search_contact_group: () => ({ contactItem: [], groupItem: [] }),
    top: () => ({}),
    mark_contact: (d) => ({ resultItem: d.itemList.map((i) => ({ contactItem: out(i.contactItem), resultCode: 0, resultInfo: '' })) }),
    set_conv_custom_data: (d) => ({ resultItem: d.itemList.map((i) => ({ contactItem: out(i.contactItem), resultCode: 0, resultInfo: '' })) }),
  };
}

/** A logged-in original instance over the fake server, with throttling off (events in order). */
async function original(convs) {
  const TencentCloudChat = loadOriginal();
  const chat = TencentCloudChat.create({ SDKAppID: 1400000999, eventThrottling: false });
  chat.setLogLevel(4);
  const manager = globalThis.__timDiffManagers[globalThis.__timDiffManagers.length - 1];
  let ErrorClass = Error;
  await chat.logout().catch((e) => { ErrorClass = e.constructor; });
  const server = fakeServer(convs);
  manager.get(SESSION_MODULE).req = (o) => {
    const handler = server[o.P];
    if (!handler) return Promise.resolve({ code: 0, data: { completeFlag: 1, startIndex: 0, nextStartIndex: 0 } });
    const r = handler(o.data);
    if (r && r.__error) return Promise.reject(new ErrorClass({ code: r.code, message: r.message, data: {} }));
    return Promise.resolve({ code: 0, data: r });
  };
  const ready = new Promise((r) => chat.on(TencentCloudChat.EVENT.SDK_READY, r));
  await chat.login({ userID: 'alice', userSig: 'sig' });
  await ready;
  return { TencentCloudChat, chat };
}

module.exports = { original };
