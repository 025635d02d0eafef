/** The visible step list of a guided ceremony: where we are, what is done, what comes next. */
export interface StepDef<Id extends string> {
  id: Id;
  label: string;
}

export function StepList<Id extends string>({ steps, current }: { steps: readonly StepDef<Id>[]; current: Id }) {
  const at = steps.findIndex((s) => s.id === current);
  return (
    <nav aria-label="Ceremony steps" className="steps">
      <ol>
        {steps.map((s, i) => {
          const state = i < at ? 'done' : i === at ? 'current' : 'todo';
          return (
            <li key={s.id} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step-number" aria-hidden="true">{state === 'done' ? '✓' : i + 1}</span>
              <span>{s.label}</span>
              {state === 'done' ? <span className="visually-hidden"> (done)</span> : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
