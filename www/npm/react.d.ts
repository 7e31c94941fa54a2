// `outlook-connect/react`: <OutlookConnect …config />; its ref is the widget's handle.
import type { CSSProperties, ForwardRefExoticComponent, RefAttributes } from 'react';
import type {
  OutlookConnectConfig, OutlookConnectEvent, OutlookConnectEventMap, OutlookConnectHandle,
} from './outlook-connect';

type Pascal<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** `onConnected`, `onSyncCompleted`, … : called with the event's data (and the whole event). */
export type OutlookConnectEventProps = {
  [K in keyof OutlookConnectEventMap as `on${Pascal<K & string>}`]?: (
    data: OutlookConnectEventMap[K], event: Extract<OutlookConnectEvent, { type: K }>,
  ) => void;
};

export type OutlookConnectProps = OutlookConnectConfig & OutlookConnectEventProps & {
  id?: string;
  className?: string;
  style?: CSSProperties;
};

export declare function eventPropName(type: string): string;
export declare const OutlookConnect: ForwardRefExoticComponent<OutlookConnectProps & RefAttributes<OutlookConnectHandle>>;
export default OutlookConnect;
