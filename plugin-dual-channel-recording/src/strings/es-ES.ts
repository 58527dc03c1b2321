import type { StringSet } from './StringTemplates';
import { StringTemplates as S } from './StringTemplates';

/** Spanish (Spain). */
export const esES: StringSet = {
  [S.WaitingForCall]: 'La grabación empieza cuando se conecte la llamada',
  [S.Starting]: 'Iniciando grabación…',
  [S.Recording]: 'Grabando',
  [S.RecordingContinued]: 'Grabando (continúa desde antes en la llamada)',
  [S.NotRecordedExcludedQueue]: 'No se graba: la cola {{queue}} está excluida',
  [S.NotRecordedExcludedAttribute]: 'No se graba: excluida por {{path}} = {{value}}',
  [S.NotRecordedCallEnded]: 'No se graba: la llamada terminó antes',
  [S.NotRecordedDisabled]: 'No se graba: la grabación está desactivada',
  [S.NotRecordedConfigInvalid]: 'No se graba: la configuración de grabación no es válida',
  [S.NotRecordedInternalInbound]: 'No se graba aquí: el agente que llama graba esta llamada',
  [S.Failed]: 'Error en la grabación: {{reason}}',
  [S.ReasonLegTimeout]: 'la llamada no se conectó en {{seconds}} segundos',
  [S.ReasonNetwork]: 'no se ha podido contactar con el servicio de grabación',
  [S.ReasonNoToken]: 'tu sesión de Flex no tiene token; vuelve a iniciar sesión',
  [S.NotificationFailed]: 'Esta llamada no se está grabando: {{reason}}',
  [S.NotificationCallEnded]: 'La llamada terminó antes de poder grabarse.',
  [S.NotificationConfigInvalid]:
    'La grabación está desactivada porque su configuración no es válida: {{problems}}',
  [S.NotRecordedAbsent]: 'No se graba: no se ha grabado nada',
  [S.Paused]: 'Grabación en pausa',
  [S.Completed]: 'Grabación completada',
  [S.PauseButton]: 'Pausar grabación',
  [S.ResumeButton]: 'Reanudar grabación',
  [S.Pausing]: 'Pausando grabación…',
  [S.Resuming]: 'Reanudando grabación…',
  [S.ShortcutToggle]: 'Pausar o reanudar la grabación de la llamada',
  [S.ShortcutPause]: 'Pausar la grabación de la llamada',
  [S.ShortcutResume]: 'Reanudar la grabación de la llamada',
  [S.ReasonNoRecording]: 'esta llamada no tiene grabación (se ha excluido o nunca se ha grabado)',
  [S.ReasonCallNotInProgress]: 'la llamada o su grabación ya ha terminado',
  [S.NotificationPauseFailed]: 'No se ha podido pausar la grabación: {{reason}}',
  [S.NotificationResumeFailed]: 'No se ha podido reanudar la grabación: {{reason}}',
};
