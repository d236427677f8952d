/**
 * Every feature's runtime messages, found by file name (`lib/<feature>/messages.ts`), so a convention
 * test sees a new feature's messages without being told. Tests only: `import.meta.glob` is Vite's.
 */
import type { MessageDef } from '../messaging/define';
import type { Messaging } from '../messaging/runtime';
import type * as v from 'valibot';

type AnyMessaging = Messaging<Record<string, MessageDef<v.GenericSchema, unknown>>>;

const modules = import.meta.glob<Record<string, unknown>>('../*/messages.ts', { eager: true });

function isMessaging(value: unknown): value is AnyMessaging {
  return typeof value === 'object' && value !== null && 'protocol' in value && 'handle' in value;
}

/** Each declared message with its definition and the messaging that owns it. */
export const everyMessage: Array<{ type: string; def: MessageDef<v.GenericSchema, unknown>; messaging: AnyMessaging; file: string }> =
  Object.entries(modules).flatMap(([file, exports]) =>
    Object.values(exports)
      .filter(isMessaging)
      .flatMap((messaging) => Object.entries(messaging.protocol).map(([type, def]) => ({ type, def, messaging, file }))),
  );
