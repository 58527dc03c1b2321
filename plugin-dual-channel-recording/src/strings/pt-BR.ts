import type { StringSet } from './StringTemplates';
import { StringTemplates as S } from './StringTemplates';

/** Portuguese (Brazil). */
export const ptBR: StringSet = {
  [S.WaitingForCall]: 'A gravação começa quando a chamada se conectar',
  [S.Starting]: 'Iniciando gravação…',
  [S.Recording]: 'Gravando',
  [S.RecordingContinued]: 'Gravando (continuação de antes na chamada)',
  [S.NotRecordedExcludedQueue]: 'Não gravada: a fila {{queue}} está excluída',
  [S.NotRecordedExcludedAttribute]: 'Não gravada: excluída por {{path}} = {{value}}',
  [S.NotRecordedCallEnded]: 'Não gravada: a chamada terminou antes',
  [S.NotRecordedDisabled]: 'Não gravada: a gravação está desativada',
  [S.NotRecordedConfigInvalid]: 'Não gravada: as configurações de gravação são inválidas',
  [S.NotRecordedInternalInbound]: 'Não gravada aqui: o agente que ligou grava esta chamada',
  [S.Failed]: 'Falha na gravação: {{reason}}',
  [S.ReasonLegTimeout]: 'a chamada não se conectou em {{seconds}} segundos',
  [S.ReasonNetwork]: 'não foi possível contatar o serviço de gravação',
  [S.ReasonNoToken]: 'sua sessão do Flex não tem token; entre novamente',
  [S.NotificationFailed]: 'Esta chamada não está sendo gravada: {{reason}}',
  [S.NotificationCallEnded]: 'A chamada terminou antes de poder ser gravada.',
  [S.NotificationConfigInvalid]:
    'A gravação está desativada porque as configurações são inválidas: {{problems}}',
  [S.NotRecordedAbsent]: 'Não gravada: nada foi gravado',
  [S.Paused]: 'Gravação pausada',
  [S.Completed]: 'Gravação concluída',
  [S.PauseButton]: 'Pausar gravação',
  [S.ResumeButton]: 'Retomar gravação',
  [S.Pausing]: 'Pausando gravação…',
  [S.Resuming]: 'Retomando gravação…',
  [S.ShortcutToggle]: 'Pausar ou retomar a gravação da chamada',
  [S.ShortcutPause]: 'Pausar a gravação da chamada',
  [S.ShortcutResume]: 'Retomar a gravação da chamada',
  [S.ReasonNoRecording]: 'esta chamada não tem gravação (foi excluída ou nunca foi gravada)',
  [S.ReasonCallNotInProgress]: 'a chamada ou a gravação já terminou',
  [S.NotificationPauseFailed]: 'Não foi possível pausar a gravação: {{reason}}',
  [S.NotificationResumeFailed]: 'Não foi possível retomar a gravação: {{reason}}',
};
