import type { StringSet } from './StringTemplates';
import { StringTemplates as S } from './StringTemplates';

/** Chinese (Simplified). */
export const zhHans: StringSet = {
  [S.WaitingForCall]: '通话接通后开始录音',
  [S.WaitingForAnswer]: '客户接听后开始录音',
  [S.Starting]: '正在开始录音…',
  [S.Recording]: '正在录音',
  [S.RecordingContinued]: '正在录音（延续通话早前的录音）',
  [S.NotRecordedExcludedQueue]: '未录音：队列 {{queue}} 已排除',
  [S.NotRecordedExcludedAttribute]: '未录音：因 {{path}} = {{value}} 被排除',
  [S.NotRecordedCallEnded]: '未录音：通话已先结束',
  [S.NotRecordedDisabled]: '未录音：录音功能已关闭',
  [S.NotRecordedConfigInvalid]: '未录音：录音设置无效',
  [S.NotRecordedInternalInbound]: '此处不录音：由呼叫方坐席录制此通话',
  [S.Failed]: '录音失败：{{reason}}',
  [S.ReasonLegTimeout]: '通话在 {{seconds}} 秒内未接通',
  [S.ReasonNetwork]: '无法连接录音服务',
  [S.ReasonNoToken]: '您的 Flex 会话没有令牌，请重新登录',
  [S.NotificationFailed]: '此通话未在录音：{{reason}}',
  [S.NotificationCallEnded]: '通话在开始录音前已结束。',
  [S.NotificationConfigInvalid]: '录音已关闭，因为其设置无效：{{problems}}',
};
