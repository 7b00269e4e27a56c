// SPDX-License-Identifier: Apache-2.0
#include "engine/journal.hpp"

#include "engine/messages.hpp"
#include "util/sha256.hpp"

namespace elink::engine::journal {

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const BindSnapshot& c) {
  if (c.seq == 0 || c.seq > ctx.state.last_seq()) {
    return Status::InvalidArgument("seq", msg::kSnapshotSeq, c.seq, ctx.state.last_seq());
  }
  if (!Sha256FromHex(c.head_hash)) {
    return Status::InvalidArgument("head_hash", msg::kSnapshotHash, "head_hash");
  }
  if (!Sha256FromHex(c.state_sha256)) {
    return Status::InvalidArgument("state_sha256", msg::kSnapshotHash, "state_sha256");
  }
  return std::vector<Emitted>{SnapshotTaken{c.seq, c.head_hash, c.state_sha256}};
}

Status Apply(core::StateWriter& /*w*/, const core::EventMeta& e, const SnapshotTaken& b) {
  if (b.seq == 0 || b.seq >= e.seq) return core::NotApplicable(e, "binds a snapshot not before it");
  if (!Sha256FromHex(b.head_hash) || !Sha256FromHex(b.state_sha256)) {
    return core::NotApplicable(e, "a hash is not 64 hex digits");
  }
  return {};
}

}  // namespace elink::engine::journal
