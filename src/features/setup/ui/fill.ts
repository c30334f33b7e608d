/**
 * "Fill from a token": what the host proposed from one token, shown before anything is written or
 * sent. Harness's answer for this provider comes first; then each proposed field with its reason and
 * its own "Use" button (nothing lands in the form without a click), the token's other string claims,
 * and the notes. The token itself is never shown here (the host does not send it back).
 */
import { FIELD_LABEL } from '../../../core/setup/types';
import type { SetupField, SuggestionView } from '../protocol';
import { byId, clear, el, table } from './dom';

/** Writes these values into the form (the user clicked "Use"). */
export type UseValues = (values: Partial<Record<SetupField, string>>) => void;

const PROPOSED = ['jwksUrl', 'keyField', 'value'] as const;

function useButton(label: string, accessibleName: string, onClick: () => void, id?: string): HTMLElement {
  const b = el(
    'vscode-button',
    { secondary: true, 'aria-label': accessibleName, ...(id !== undefined ? { id } : {}) },
    label,
  );
  b.addEventListener('click', onClick);
  return b;
}

/** The basis ("judged against the key set …") as a sentence. */
function basisSentence(p: SuggestionView, complete: boolean): string {
  const text = `${p.basisText.charAt(0).toUpperCase()}${p.basisText.slice(1)}.`;
  return complete ? text : `${text} Checking the provider's key set…`;
}

function verdict(p: SuggestionView, complete: boolean): HTMLElement {
  if (p.accepted) {
    return el(
      'p',
      { class: 'level-ok', id: 'fill-verdict' },
      el('strong', {}, 'Harness can accept a token like this one '),
      `once the settings match. ${basisSentence(p, complete)}`,
    );
  }
  const why = p.refusal ?? 'The verdict engine refuses it.';
  return el(
    'div',
    { class: 'refusal', id: 'fill-verdict' },
    el('p', {}, el('strong', {}, 'Harness would refuse a token like this one, even with the proposed settings.')),
    el('p', {}, why),
    el('p', { class: 'hint' }, basisSentence(p, complete)),
  );
}

export function renderProposal(p: SuggestionView, source: string, complete: boolean, use: UseValues): void {
  const box = byId('fill-result');
  clear(box);
  const provider = p.provider
    ? `${p.provider.name}${p.provider.recognisedBy === 'shape' ? " (recognised by the token's shape, not its issuer)" : ''}`
    : 'not one we know';
  box.append(
    el('h3', { id: 'fill-provider' }, `Identity provider: ${provider}`),
    ...(p.provider
      ? [el('p', { class: 'hint' }, `Can Harness accept this provider's tokens at all? ${p.provider.harnessText}`)]
      : []),
    ...(p.provider && p.provider.rotation !== null
      ? [el('p', { class: 'hint', id: 'fill-rotation' }, `Key rotation: ${p.provider.rotation}`)]
      : []),
    verdict(p, complete),
  );

  const rows = PROPOSED.map((f) => {
    const proposal = p[f];
    if (!proposal) return [FIELD_LABEL[f], '(no proposal)', 'Nothing in the token says; see the notes below.', ''];
    return [
      FIELD_LABEL[f],
      el('code', {}, proposal.value),
      proposal.reason,
      useButton(
        'Use',
        `Use the proposed ${FIELD_LABEL[f]}`,
        () => {
          use({ [f]: proposal.value });
        },
        `fill-use-${f}`,
      ),
    ];
  });
  box.append(
    table(
      `Proposed from the token (${source}); nothing is written until you click Use`,
      ['Setting', 'Proposed', 'Why', 'Action'],
      rows,
      'grid proposal',
    ),
  );
  const all: Partial<Record<SetupField, string>> = {};
  for (const f of PROPOSED) {
    const v = p[f]?.value;
    if (v !== undefined) all[f] = v;
  }
  if (Object.keys(all).length > 1) {
    box.append(
      el(
        'div',
        { class: 'row' },
        useButton(
          'Use all',
          'Use all the proposed values',
          () => {
            use(all);
          },
          'fill-use-all',
        ),
        el(
          'span',
          { class: 'hint' },
          'The service account is never in a token: pick it below. Nothing is sent until you press Send.',
        ),
      ),
    );
  }

  if (p.alternatives.length > 0) {
    box.append(
      el('h4', {}, 'Other string claims in the token'),
      el(
        'p',
        { class: 'hint' },
        'Key on one of these instead: Use puts the claim in the key field and its value in the value field.',
      ),
      table(
        "The token's other string claims",
        ['Claim', 'Value', 'Caution', 'Action'],
        p.alternatives.map((a) => [
          el('code', {}, a.claim),
          a.value,
          a.caution ?? '',
          useButton('Use', `Use the claim ${a.claim} as the key field`, () => {
            use({ keyField: a.claim, value: a.value });
          }),
        ]),
        'grid alternatives',
      ),
    );
  }
  // The refusal and the basis are already shown above: the notes are the rest.
  const notes = p.hints.filter((h) => h !== p.refusal && !h.includes(p.basisText));
  if (notes.length > 0)
    box.append(el('h4', {}, 'Notes'), el('ul', { id: 'fill-hints' }, ...notes.map((h) => el('li', {}, h))));
  if (p.provider && p.provider.sources.length > 0) {
    box.append(
      el(
        'p',
        { class: 'hint' },
        'Sources: ',
        ...p.provider.sources.flatMap((s, i) => [...(i > 0 ? [', '] : []), el('a', { href: s }, s)]),
      ),
    );
  }
}
