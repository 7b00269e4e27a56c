#pragma once
// libsodium's one-time set-up, shared by the auth sources.

namespace elink::auth::internal {

// Initialises libsodium once; thread-safe, cheap after the first call. Stops the process when
// libsodium cannot start (no secure random source): nothing in auth is safe without it.
void EnsureSodium();

}  // namespace elink::auth::internal
