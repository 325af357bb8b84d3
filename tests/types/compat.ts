// A mechanical check of the declarations against each other, for every name the original
// exports: the original's ChatSDK methods (parameters accepted, results usable as the
// original's), its exported object interfaces, create(), and its EVENT / TYPES / TSignaling
// keys and values. `original` is the original's index.d.ts, `tim-wasm` ours (tsconfig.compat.json).
// A failure names what does not fit.
import type * as O from 'original';
import type OriginalChat from 'original';
import type * as W from 'tim-wasm';
import type OurChat from 'tim-wasm';

// The two files declare the same enums and object types separately (an enum is nominal), while
// an app only ever sees one of the two files. So before comparing, `Norm` turns an enum member
// into its value, a whole enum into a tag plus every value either file gives it, and a (nested)
// exported object type into a tag; the object types themselves are compared field by field below.
type Vals<E> = E extends unknown ? `${E & (string | number)}` : never;
// The tag of a whole enum is not a string: a `string` field does not take a whole mixed enum.
type AllTypes = { '#whole': 'TYPES' } | Vals<OriginalChat.TYPES> | Vals<OurChat.TYPES>;
type AllEvents = { '#whole': 'EVENT' } | Vals<OriginalChat.EVENT> | Vals<OurChat.EVENT>;
type AllSignals = { '#whole': 'TSignaling' } | Vals<OriginalChat.TSignaling> | Vals<OurChat.TSignaling>;
// (`number` itself is assignable to numeric enum members: it is told apart by its template.)
type PlainNumber<T> = [T] extends [number] ? `${number}` extends `${T & number}` ? true : false : false;
type Drop<T, E> = T extends unknown ? PlainNumber<T> extends true ? T : T extends E ? never : T : never;
type Whole<T, E, All> = [E] extends [T] ? Drop<T, E> | All : T;
type Wholes<T> = Whole<Whole<Whole<Whole<Whole<Whole<T, OriginalChat.TYPES, AllTypes>, OurChat.TYPES, AllTypes>,
  OriginalChat.EVENT, AllEvents>, OurChat.EVENT, AllEvents>, OriginalChat.TSignaling, AllSignals>, OurChat.TSignaling, AllSignals>;
type Enums = OriginalChat.TYPES | OriginalChat.EVENT | OriginalChat.TSignaling | OurChat.TYPES | OurChat.EVENT | OurChat.TSignaling;
type Same<A, B> = [A] extends [B] ? [B] extends [A] ? true : false : false;
type Objects = {
  Message: [W.Message, O.Message]; UserInfo: [W.UserInfo, O.UserInfo]; SimplifiedMessage: [W.SimplifiedMessage, O.SimplifiedMessage];
  Conversation: [W.Conversation, O.Conversation]; Group: [W.Group, O.Group]; Profile: [W.Profile, O.Profile];
  Friend: [W.Friend, O.Friend]; FriendApplication: [W.FriendApplication, O.FriendApplication]; FriendGroup: [W.FriendGroup, O.FriendGroup];
  GroupMember: [W.GroupMember, O.GroupMember]; Topic: [W.Topic, O.Topic]; Signaling: [W.Signaling, O.Signaling];
};
type Tagged = Objects & { ChatSDK: [W.ChatSDK, O.ChatSDK] };
type Tag<T> = { [K in keyof Tagged]: Same<T, Tagged[K][0]> extends true ? K : Same<T, Tagged[K][1]> extends true ? K : never }[keyof Tagged];
// `In` (the original's parameters): its `any` becomes `unknown`, so only `any`/`unknown` in ours
// takes it (assignability alone lets `any` into anything).
type Norm<T, In = false> = 0 extends 1 & T ? (In extends true ? unknown : T) : NormEach<Wholes<T>, In>;
type NormEach<T, In> = T extends unknown ? (
  PlainNumber<T> extends true ? T
  : T extends Enums ? `${T & (string | number)}`
  : T extends string | number | boolean | bigint | symbol | null | undefined | void | String | Number | Boolean ? T
  : T extends Function ? T
  : [Tag<T>] extends [never] ? (T extends Promise<infer U> ? Promise<Norm<U, In>> : T extends object ? { [K in keyof T]: Norm<T[K], In> } : T)
  : `#${Tag<T>}`
) : never;
type Fields<T> = { [K in keyof T]: Norm<T[K]> };
type Fits<Narrow, Wide, In = false> = [Norm<Narrow, In>] extends [Norm<Wide>] ? true : false;
type Fn = (...args: any) => any;

// --- ChatSDK ---------------------------------------------------------------------------------
type Method = { [K in keyof O.ChatSDK]: O.ChatSDK[K] extends Fn ? K : never }[keyof O.ChatSDK];
type MissingMethods = Exclude<Method, keyof W.ChatSDK>;
type Ours<K extends Method> = K extends keyof W.ChatSDK ? W.ChatSDK[K] extends Fn ? W.ChatSDK[K] : never : never;
// The last overload of ours (what Parameters/ReturnType see) must take every argument list the
// original takes; its result must be usable where the original's is.
type BadParameters = { [K in Method]: Fits<Parameters<O.ChatSDK[K]>, Parameters<Ours<K>>, true> extends true ? never : K }[Method];
type BadResults = { [K in Method]: Fits<ReturnType<Ours<K>>, ReturnType<O.ChatSDK[K]>> extends true ? never : K }[Method];
// Synchronous in the original, synchronous in ours.
// (callExperimentalAPI is declared without a return type: implicitly `any`, not counted.)
type BecamePromises = { [K in Method]: 0 extends 1 & ReturnType<O.ChatSDK[K]> ? never : ReturnType<O.ChatSDK[K]> extends Promise<any> ? never : ReturnType<Ours<K>> extends Promise<any> ? K : never }[Method];

// --- Exported interfaces ---------------------------------------------------------------------
// Ours can be used wherever the original's is (nested exported objects are compared by tag, each
// being compared here itself).
type BadObjects = { [K in keyof Objects]: [Fields<Objects[K][0]>] extends [Fields<Objects[K][1]>] ? never : K }[keyof Objects];
// The original's value exports (default, ChatSDK) are ours too; its type exports are the
// `Objects` above (coverage.mjs checks that list against the file).
type MissingExports = Exclude<keyof typeof import('original'), keyof typeof import('tim-wasm')>;

// --- The namespace ---------------------------------------------------------------------------
type CreateOk = Fits<Parameters<typeof OriginalChat.create>, Parameters<typeof OurChat.create>, true> extends true
  ? Fits<ReturnType<typeof OurChat.create>, ReturnType<typeof OriginalChat.create>> : false;
type KeysMissing<E, F> = Exclude<keyof E, keyof F>;
type ValuesDiffer<E, F> = { [K in keyof E & keyof F]: `${E[K] & (string | number)}` extends `${F[K] & (string | number)}` ? never : K }[keyof E & keyof F];
type MissingEnumKeys = KeysMissing<typeof OriginalChat.EVENT, typeof OurChat.EVENT> | KeysMissing<typeof OriginalChat.TYPES, typeof OurChat.TYPES>
  | KeysMissing<typeof OriginalChat.TSignaling, typeof OurChat.TSignaling>;
// Run-time values where the original's declarations are wrong: CONV_MARK_TYPE_FOLD 4 (not 3), _HIDE 8 (not 4).
type DifferentValues = ValuesDiffer<typeof OriginalChat.EVENT, typeof OurChat.EVENT> | ValuesDiffer<typeof OriginalChat.TYPES, typeof OurChat.TYPES>
  | ValuesDiffer<typeof OriginalChat.TSignaling, typeof OurChat.TSignaling>;

type Nothing<T> = [T] extends [never] ? true : T;
export const checks: {
  missingMethods: Nothing<MissingMethods>; badParameters: Nothing<BadParameters>; badResults: Nothing<BadResults>;
  becamePromises: Nothing<BecamePromises>; badObjects: Nothing<BadObjects>; missingExports: Nothing<MissingExports>;
  create: CreateOk; missingEnumKeys: Nothing<MissingEnumKeys>;
  onlyFoldAndHideDiffer: Same<DifferentValues, 'CONV_MARK_TYPE_FOLD' | 'CONV_MARK_TYPE_HIDE'>;
} = {
  missingMethods: true, badParameters: true, badResults: true, becamePromises: true, badObjects: true, missingExports: true,
  create: true, missingEnumKeys: true, onlyFoldAndHideDiffer: true,
};
