import { A } from '@solidjs/router';

/** The family's consent is not in force: say so, and link to record it and come back to `returnTo`. */
export function ConsentNeeded(props: { child: { id: string; firstName: string | null }; returnTo: string }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <p class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        The family’s consent to share {props.child.firstName}’s details with providers is not in force, so you cannot
        commission for {props.child.firstName} yet.{' '}
        <A
          class="govuk-link"
          href={`/children/${encodeURIComponent(props.child.id)}/consent?returnTo=${encodeURIComponent(props.returnTo)}`}
        >
          Record consent
        </A>{' '}
        and you will come back here.
      </p>
    </div>
  );
}
