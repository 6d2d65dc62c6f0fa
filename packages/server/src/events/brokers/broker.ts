/** What the event system needs from an external broker client. */

/** A message received from a broker. Resolve `handled` only after its actions ran. */
export interface BrokerDelivery {
  body: string;
  messageId?: string;
}

export type DeliveryHandler = (delivery: BrokerDelivery) => Promise<void>;

/** A running subscription: it (re)connects on its own until closed. */
export interface BrokerSubscription {
  close(): Promise<void>;
}
