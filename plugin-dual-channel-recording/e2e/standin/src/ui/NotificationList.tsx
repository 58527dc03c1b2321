import type { NotificationCenter } from '../notifications.js';
import { React } from '../react.js';

/** Flex's notification bar: what plugins showed with `Notifications.showNotification`. */
export function NotificationList({ center }: { readonly center: NotificationCenter }): JSX.Element {
  const shown = center.shown();
  return (
    <section aria-label="Notifications" className="standin-notifications">
      {shown.map((n) => (
        <div key={n.instanceId} role="alert" className={`notification notification-${n.type}`} data-id={n.id}>
          <span>{n.text}</span>
          <button
            type="button"
            aria-label="Dismiss notification"
            onClick={() => center.dismiss(n.instanceId)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
