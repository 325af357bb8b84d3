// Type declarations for `tim-wasm/full`: everything of `tim-wasm` (js/index.d.ts), and our
// additions, which only the full build has (CONTRACT §2): unread counts by filter and the
// filtered conversation list in pages, fine-grained conversation-group events.
import Base, { ChatResponse, ChatEvent, Conversation, ConversationListFilter, ChatSDK as BaseSDK, CreateOptions } from './index.js';

export * from './index.js';

/** `{filter, unreadCount}`: a subscribed filter (the keys that select) and its new count. */
export interface UnreadCountByFilter {
  filter: ConversationListFilter;
  unreadCount: number;
}

export interface ConversationPage {
  conversationList: Conversation[];
  /** Pass it back for the next page; `0` once finished (and `0` starts a new pass). */
  nextSeq: number;
  isFinished: boolean;
}

/** The instance of the full build: the original's methods, then ours. */
export declare class ChatSDK extends BaseSDK {
  /** The unread count of the conversations `filter` selects (Do-Not-Disturb ones left out, as
   * in the total). */
  getUnreadMessageCountByFilter(filter: ConversationListFilter): Promise<ChatResponse<{ unreadCount: number }>>;
  /** Keeps that count: `EVENT.UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED` whenever it changes.
   * Filters match by value; subscribing one twice subscribes it once. */
  subscribeUnreadMessageCountByFilter(filter: ConversationListFilter): Promise<ChatResponse<{ unreadCount: number }>>;
  unsubscribeUnreadMessageCountByFilter(filter: ConversationListFilter): Promise<ChatResponse<{}>>;
  /** The filtered list in pages, from `nextSeq: 0` (docs/COMPATIBILITY.md: what a
   * conversation that changes during paging does). `count` defaults to 100. */
  getConversationListByFilter(options: { filter?: ConversationListFilter; nextSeq?: number; count?: number }): Promise<ChatResponse<ConversationPage>>;
  /** The user's order of conversation groups: these first, the others after them in their
   * order (new groups go last); synced to every device; resolves the order now. 51009 for a
   * name that is no group; a repeated name is invalid input (6017). */
  setConversationGroupOrder(groupNameList: string[]): Promise<ChatResponse<{ groupNameList: string[] }>>;
  /** Reads every conversation of the group (the usual events; C2C peers get read receipts). */
  markConversationGroupAsRead(groupName: string): Promise<ChatResponse<{}>>;
  on(eventName: 'onUnreadMessageCountByFilterUpdated', handler: (event: ChatEvent<UnreadCountByFilter>) => void, context?: any): void;
  /** CONVERSATION_GROUP_CREATED, CONVERSATIONS_ADDED_TO_GROUP, CONVERSATIONS_DELETED_FROM_GROUP:
   * the group and the conversations created in it, added or taken out. */
  on(eventName: 'onConversationGroupCreated' | 'onConversationsAddedToGroup' | 'onConversationsDeletedFromGroup', handler: (event: ChatEvent<{ groupName: string; conversationList: Conversation[] }>) => void, context?: any): void;
  on(eventName: 'onConversationGroupDeleted', handler: (event: ChatEvent<{ groupName: string }>) => void, context?: any): void;
  on(eventName: 'onConversationGroupNameChanged', handler: (event: ChatEvent<{ oldName: string; newName: string }>) => void, context?: any): void;
  on(...args: Parameters<BaseSDK['on']>): void;
}

declare const TencentCloudChat: Omit<typeof Base, 'create' | 'EVENT'> & {
  create(options: CreateOptions): ChatSDK;
  EVENT: typeof Base.EVENT & {
    readonly UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED: 'onUnreadMessageCountByFilterUpdated';
    /** Fired besides CONVERSATION_GROUP_LIST_UPDATED and CONVERSATION_IN_GROUP_UPDATED. */
    readonly CONVERSATION_GROUP_CREATED: 'onConversationGroupCreated';
    readonly CONVERSATION_GROUP_DELETED: 'onConversationGroupDeleted';
    readonly CONVERSATION_GROUP_NAME_CHANGED: 'onConversationGroupNameChanged';
    readonly CONVERSATIONS_ADDED_TO_GROUP: 'onConversationsAddedToGroup';
    readonly CONVERSATIONS_DELETED_FROM_GROUP: 'onConversationsDeletedFromGroup';
  };
};

export default TencentCloudChat;
export { TencentCloudChat };
