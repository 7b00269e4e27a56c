// Who is signed in: the API client carrying the token kept for this tab, the sign-in form, the
// token's expiry, and signing out (a page reload, so that nothing of the session stays in memory).

import { Api, ApiError } from '../api/client';
import type { LoginResponse, User } from '../api/types';
import { acceptLanguage, t } from '../i18n';
import { replaceChildren } from '../ui/dom';
import { closeTopDialog } from '../ui/feedback';
import { loginView } from '../views/login';

const TOKEN_KEY = 'elink.token';
const NOTICE_KEY = 'elink.notice';

export type SignOutReason = 'login.expired' | 'login.signedOut';

export interface SessionHooks {
  /** Signed in, or the kept token still works: show the dashboard to this user. */
  start(user: User): void;
  /** Signing out: stop the stream, the timers and the listeners of the session. */
  stop(): void;
}

export class Session {
  readonly api: Api;
  token: string | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly hooks: SessionHooks,
  ) {
    this.api = new Api({
      token: () => this.token,
      language: acceptLanguage,
      onUnauthorized: () => this.signOut('login.expired'),
    });
  }

  async boot(): Promise<void> {
    this.token = sessionStorage.getItem(TOKEN_KEY);
    const notice = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    if (!this.token) {
      this.showLogin(notice === 'login.expired' || notice === 'login.signedOut' ? t(notice) : undefined);
      return;
    }
    try {
      const me = await this.api.me();
      this.hooks.start(me);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return; // signOut has shown the login
      this.showLogin(e instanceof ApiError && e.isNetwork ? t('problem.network') : undefined);
    }
  }

  private showLogin(notice?: string): void {
    replaceChildren(
      this.root,
      loginView(
        this.api,
        (res: LoginResponse) => {
          this.token = res.token;
          sessionStorage.setItem(TOKEN_KEY, res.token);
          const ms = Date.parse(res.expires_at) - Date.now();
          if (ms > 0 && ms < 2 ** 31) this.expiryTimer = setTimeout(() => this.signOut('login.expired'), ms);
          this.hooks.start(res.user);
        },
        notice,
      ),
    );
  }

  signOut(reason?: SignOutReason): void {
    const wasSignedIn = this.token !== null;
    this.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    this.hooks.stop();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    while (closeTopDialog()) {
      /* close them all */
    }
    // A fresh page state for the next user: nothing of this session's data stays in memory.
    if (wasSignedIn || reason) {
      sessionStorage.setItem(NOTICE_KEY, reason ?? '');
      window.location.reload();
    }
  }
}
