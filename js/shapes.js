// The original's object shapes (own keys, their order and defaults). The wasm core writes
// compact JSON with only the fields that carry data (a conversation: an array of its fields by
// place); `hydrate` lays it over these templates so every object has the original's exact shape
// (facts from the original 3.6.6 at run time).

const profile = () => ({
  userID: '', nick: '', gender: '', birthday: 0, location: '', selfSignature: '',
  allowType: 'AllowType_Type_AllowAny', language: 0, avatar: '', messageSettings: 0,
  adminForbidType: 'AdminForbid_Type_None', level: 0, role: 0, lastUpdatedTime: 0, profileCustomField: [],
});

const lastMessage = () => ({
  lastTime: 0, lastSequence: 0, fromAccount: '', messageForShow: '', payload: null, type: '',
  isRevoked: false, cloudCustomData: '', onlineOnlyFlag: false, nick: '', nameCard: '', version: 0,
  isPeerRead: false, revoker: null,
});

const group = () => ({
  groupID: '', name: '', avatar: '', type: '', introduction: '', notification: '', ownerID: '',
  createTime: 0, infoSequence: 0, lastInfoTime: 0,
  selfInfo: { messageRemindType: '', joinTime: 0, nameCard: '', role: '', userID: '', memberCustomField: [], readedSequence: 0, excludedUnreadSequenceList: [] },
  lastMessage: { lastTime: 0, lastSequence: 0, fromAccount: '', messageForShow: '' },
  nextMessageSeq: 0, memberCount: 0, maxMemberCount: 0, joinOption: '', inviteOption: '',
  groupCustomField: [], muteAllMembers: false, isSupportTopic: false, _lastRevokedTime: 0,
});

const message = () => ({
  ID: '', conversationID: '', conversationType: '', conversationSubType: undefined, time: 0, sequence: 0,
  clientSequence: 0, random: 0, priority: 'Normal', nick: '', avatar: '', isPeerRead: false, nameCard: '',
  hasRiskContent: false, _elements: [], isPlaceMessage: 0, isRevoked: false, from: '', to: '', flow: 'out',
  isSystemMessage: false, protocol: 'JSON', isResend: false, isRead: true, status: 'unSend',
  _onlineOnlyFlag: false, _groupAtInfoList: [], _relayFlag: false, atUserList: [], cloudCustomData: '',
  isDeleted: false, isModified: false, _isExcludedFromUnreadCount: false, _isExcludedFromLastMessage: false,
  clientTime: 0, senderTinyID: '', readReceiptInfo: { timestamp: 0 }, needReadReceipt: false, version: 0,
  isBroadcastMessage: false, _receiverList: undefined, isSupportExtension: false, _cmConfigID: undefined,
  revoker: '', revokerInfo: { userID: '', nick: '', avatar: '' }, revokeReason: '', pinnerInfo: null, level: 0,
  payload: null, type: '',
});

// Conversation objects share this prototype: `toAccount` is an accessor, not an own key, as on
// the original's Conversation class (so JSON.stringify leaves it out).
const conversationProto = Object.defineProperty({}, 'toAccount', {
  get() {
    const id = String(this.conversationID);
    if (id.startsWith('C2C')) return id.slice(3);
    if (id.startsWith('GROUP')) return id.slice(5);
    return '';
  },
});

// Group objects share this prototype: `memberNum` and `maxMemberNum` are accessors for
// `memberCount` and `maxMemberCount` (setting them does nothing), as on the original's Group class.
const groupProto = Object.defineProperties({}, {
  memberNum: { get() { return this.memberCount; }, set() {} },
  maxMemberNum: { get() { return this.maxMemberCount; }, set() {} },
});

const over = (template, data) => Object.assign(template, data);

function hydrateGroup(g) {
  const out = Object.assign(Object.create(groupProto), group(), g);
  out.selfInfo = over(group().selfInfo, g.selfInfo);
  out.lastMessage = over(group().lastMessage, g.lastMessage);
  return out;
}

// The full build's file messages fill their URLs in here (js/media.js).
let media;
export const onMedia = (f) => { media = f; };

function hydrateMessage(m) {
  const out = over(message(), m);
  media?.(out);
  out._elements = [{ type: m.type, content: m.payload }];
  return out;
}

// Conversations are the hot path (thousands per list): built field by field in the original's
// key order, so every object of a kind shares one hidden class, instead of templates merged.
// Each object takes copies of the source's arrays and nested objects: the source is kept to
// build the conversation's next object.
function copy(x) {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map(copy);
  const out = {};
  for (const k in x) out[k] = copy(x[k]);
  return out;
}

// `m`: the core's array (src/core/message.rs, LastMessage's JSON), null without a message.
function lastMessageOf(m) {
  if (!m) return lastMessage();
  const out = {
    lastTime: m[0], lastSequence: m[1], fromAccount: m[2], messageForShow: m[3], payload: copy(m[4]), type: m[5],
    isRevoked: m[10] !== '', cloudCustomData: m[6], onlineOnlyFlag: false, nick: m[7], nameCard: m[8], version: 0,
    isPeerRead: m[9], revoker: m[10] || null,
  };
  media?.(out);
  return out;
}

function profileOf(p) {
  return {
    userID: p.userID ?? '', nick: p.nick ?? '', gender: p.gender ?? '', birthday: p.birthday ?? 0,
    location: p.location ?? '', selfSignature: p.selfSignature ?? '',
    allowType: p.allowType ?? 'AllowType_Type_AllowAny', language: p.language ?? 0, avatar: p.avatar ?? '',
    messageSettings: p.messageSettings ?? 0, adminForbidType: p.adminForbidType ?? 'AdminForbid_Type_None',
    level: p.level ?? 0, role: p.role ?? 0, lastUpdatedTime: p.lastUpdatedTime ?? 0,
    profileCustomField: p.profileCustomField ? copy(p.profileCustomField) : [],
  };
}

// `c`: the core's array (src/core/conversation.rs, Conversation's JSON), its fields by place.
function Conversation(c) {
  this.conversationID = c[0];
  this.unreadCount = c[1];
  this.type = c[2];
  this.lastMessage = lastMessageOf(c[3]);
  this._isInfoCompleted = c[4];
  this.peerReadTime = c[5];
  this.groupAtInfoList = copy(c[6]);
  this.remark = c[7];
  this.isPinned = c[8];
  this.messageRemindType = c[9] ?? undefined;
  this.markList = c[10].slice();
  this.customData = c[11];
  this.conversationGroupList = c[12].slice();
  this.draftText = c[13];
  // C2C conversations have no groupProfile key and GROUP ones no userProfile key; a GROUP
  // conversation always has a groupProfile, if only its ID (a group not known here).
  if (c[14]) this.userProfile = profileOf(c[14]);
  if (c[15] || this.type === 'GROUP') this.groupProfile = hydrateGroup(c[15] ? copy(c[15]) : { groupID: this.conversationID.slice(5) });
  this.subType = c[16];
}
Conversation.prototype = conversationProto;

function hydrateConversation(c) {
  return new Conversation(c);
}

const HYDRATE = {
  json: (v) => v,
  messageResult: (d) => ({ message: hydrateMessage(d.message) }),
  // getMessageList's {nextReqMessageID, messageList, isCompleted}, getMessageListHopping's
  // {messageList, isCompleted, nextMessageSeq | nextMessageTime}: the keys in the core's order.
  messageList: (d) => ({ ...d, messageList: d.messageList.map(hydrateMessage) }),
  groupResult: (d) => (d.group ? { ...d, group: hydrateGroup(d.group) } : d),
  groupList: (d) => ({ groupList: d.groupList.map(hydrateGroup), isSyncCompleted: true }),
  conversation: hydrateConversation,
  message: hydrateMessage,
  messages: (list) => list.map(hydrateMessage),
  group: hydrateGroup,
  groups: (list) => list.map(hydrateGroup),
  profile: (p) => over(profile(), p),
  profiles: (list) => list.map((p) => over(profile(), p)),
};

/** Builds the app-facing object of `kind` from the core's compact JSON. */
export function hydrate(kind, json) {
  return HYDRATE[kind](JSON.parse(json));
}

// Conversation objects by the store's handles (src/wasm/objects.rs). `json` is
// `[[handle, change]..., lists]`: each changed handle with its conversation's compact JSON, or
// only its new conversation group list (an index into `lists`, the distinct lists) when nothing
// else changed, or null once it is removed. `sources` keeps the compact
// data of each (never handed out, so what an app does to its objects cannot reach it): a new
// group list makes a new object from it without sending the whole conversation again.
export function convPut(objects, sources, json, list) {
  const changes = JSON.parse(json);
  const lists = changes.pop();
  for (let i = 0; i < changes.length; i++) {
    const [h, c] = changes[i];
    const old = objects[h];
    if (c === null) {
      objects[h] = sources[h] = undefined;
    } else if (typeof c === 'number') {
      // Its groups alone changed: the constructor copies the shared list.
      const source = sources[h];
      if (source) {
        source[12] = lists[c];
        objects[h] = new Conversation(source);
      }
    } else {
      sources[h] = c;
      objects[h] = new Conversation(c);
    }
    // `list` (a few changes): put the new object where the old one is in the kept list.
    if (list && old !== undefined) {
      const at = list.indexOf(old);
      if (at >= 0) list[at] = objects[h];
    }
  }
}

// Replays moves on the kept list: `moves` is [from, to, ...] (visible indexes; `to` among the
// others), in order. The conversations between shift by one, element by element: at 50k
// conversations a loop measured a third of splice and unshift's time (which move the whole
// tail of the array, twice).
export function convMove(list, moves) {
  for (let k = 0; k < moves.length; k += 2) {
    const from = moves[k];
    const to = moves[k + 1];
    const x = list[from];
    if (from > to) for (let j = from; j > to; j--) list[j] = list[j - 1];
    else for (let j = from; j < to; j++) list[j] = list[j + 1];
    list[to] = x;
  }
}

// Lays `list` out again as the objects of `handles` (a Uint32Array), in place.
export function convOrder(objects, list, handles) {
  const n = handles.length;
  // Written in index order, then cut: growing the array by its length first would make it
  // holey (at 50k, a dictionary), and every later slice, splice and indexOf slow.
  for (let i = 0; i < n; i++) list[i] = objects[handles[i]];
  list.length = n;
}

// A new array of the objects of `handles`.
export function convPick(objects, handles) {
  const n = handles.length;
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = objects[handles[i]];
  return out;
}
