/** The last step of every ceremony: the witnesses' printed record, from the Audit screen. */
export function RecordHint() {
  return <p>For the witnesses: <a href="#/audit">print this ceremony’s record</a> (Audit → Ceremonies), with the transcript’s chain head to check later.</p>;
}
