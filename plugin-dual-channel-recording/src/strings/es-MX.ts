import type { StringSet } from './StringTemplates';
import { StringTemplates as S } from './StringTemplates';

/** Spanish (Mexico). */
export const esMX: StringSet = {
  [S.WaitingForCall]: 'La grabación empieza cuando se conecte la llamada',
  [S.Starting]: 'Iniciando grabación…',
  [S.Recording]: 'Grabando',
  [S.RecordingContinued]: 'Grabando (continúa desde antes en la llamada)',
  [S.NotRecordedExcludedQueue]: 'Sin grabar: la fila {{queue}} está excluida',
  [S.NotRecordedExcludedAttribute]: 'Sin grabar: excluida por {{path}} = {{value}}',
  [S.NotRecordedCallEnded]: 'Sin grabar: la llamada terminó antes',
  [S.NotRecordedDisabled]: 'Sin grabar: la grabación está desactivada',
  [S.NotRecordedConfigInvalid]: 'Sin grabar: la configuración de grabación no es válida',
  [S.NotRecordedInternalInbound]: 'Sin grabar aquí: el agente que llama graba esta llamada',
  [S.Failed]: 'La grabación falló: {{reason}}',
  [S.ReasonLegTimeout]: 'la llamada no se conectó en {{seconds}} segundos',
  [S.ReasonNetwork]: 'no se pudo contactar el servicio de grabación',
  [S.ReasonNoToken]: 'tu sesión de Flex no tiene token; vuelve a iniciar sesión',
  [S.NotificationFailed]: 'Esta llamada no se está grabando: {{reason}}',
  [S.NotificationCallEnded]: 'La llamada terminó antes de poder grabarse.',
  [S.NotificationConfigInvalid]:
    'La grabación está desactivada porque su configuración no es válida: {{problems}}',
  [S.NotRecordedAbsent]: 'Sin grabar: no se grabó nada',
  [S.Paused]: 'Grabación en pausa',
  [S.Completed]: 'Grabación completa',
  [S.PauseButton]: 'Pausar grabación',
  [S.ResumeButton]: 'Reanudar grabación',
  [S.Pausing]: 'Pausando grabación…',
  [S.Resuming]: 'Reanudando grabación…',
  [S.ShortcutToggle]: 'Pausar o reanudar la grabación de la llamada',
  [S.ShortcutPause]: 'Pausar la grabación de la llamada',
  [S.ShortcutResume]: 'Reanudar la grabación de la llamada',
  [S.ReasonNoRecording]: 'esta llamada no tiene grabación (se excluyó o nunca se grabó)',
  [S.ReasonCallNotInProgress]: 'la llamada o su grabación ya terminó',
  [S.NotificationPauseFailed]: 'No se pudo pausar la grabación: {{reason}}',
  [S.NotificationResumeFailed]: 'No se pudo reanudar la grabación: {{reason}}',
};
