// The trace panel's side of "Verify on a real kernel": the probe behind the button, what a click verifies, progress and results to the page.
import type { ToWebviewMessage, VerifyScenarioResult } from '../../../server/src/protocol';
import type { TraceSourceApi } from './trace-source';

/** What the panel shows now: its document and the custom scenario's text. */
export interface PanelShown {
  uri: string | undefined;
  customText: string;
}

export class PanelVerify {
  /** The scenario of the last verify asked for from the page (`custom` or a built-in name). */
  private lastScenario = '';

  constructor(
    private readonly source: Pick<TraceSourceApi, 'verify'>,
    private readonly post: (message: ToWebviewMessage) => void,
    private readonly shown: () => PanelShown,
  ) {}

  /** The document and scenario a verify runs on: a built-in name, or `custom` (the custom text). */
  target(scenario = this.lastScenario): { uri: string; scenario: string } | undefined {
    const { uri, customText } = this.shown();
    if (!uri || !scenario) return undefined;
    const text = scenario === 'custom' ? customText : scenario;
    if (text.trim() === '') return undefined;
    this.lastScenario = scenario;
    return { uri, scenario: text };
  }

  /** Tells the page whether the button can work here (a probe starts one short process in the server). */
  async probe(): Promise<void> {
    try {
      const answer = await this.source.verify({ uri: this.shown().uri ?? '', scenario: '', probe: true });
      if (!answer) return; // the server is starting: asked again when it has started
      const available = answer.status === 'available';
      const reason = available ? '' : [answer.summary, answer.aptLine ?? ''].filter(Boolean).join(' ');
      this.post({ type: 'verifyAvailability', available, reason });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.post({ type: 'verifyAvailability', available: false, reason });
    }
  }

  progress(text: string): void {
    this.post({ type: 'verifyProgress', scenario: this.lastScenario, text });
  }

  result(result: VerifyScenarioResult): void {
    this.post({ type: 'verifyResult', result });
  }
}
