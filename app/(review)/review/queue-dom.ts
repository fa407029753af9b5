// What the queue's table and its keyboard and selection script agree on (queue-keys.tsx).
// A plain module: a value imported from a "use client" file is only a reference on the server.
export const QUEUE_TABLE_ID = "queue-claims";
