// SPDX-License-Identifier: Apache-2.0
// Sign-in cannot be turned into a weapon (issue #16, item 3): failures from one address never
// lock a name out elsewhere; the limit's check and count are one step under concurrency (logins
// and citizen reports); argon2id runs only on the login pool, whose full queue answers 503 with
// Retry-After while signed-in users are still served.
#include "api/service_fixture.hpp"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace elink::api {
namespace {

using testing::Client;

// Holds the login pool's password checks while closed, and notes the threads they ran on.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = true;
  int entered = 0;
  std::vector<std::string> threads;

  void Pass() {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    std::unique_lock lock(mu);
    ++entered;
    threads.emplace_back(name);
    cv.notify_all();
    cv.wait(lock, [this] { return open; });
  }
  void Set(bool to) {
    const std::lock_guard lock(mu);
    open = to;
    cv.notify_all();
  }
  int Entered() {
    const std::lock_guard lock(mu);
    return entered;
  }
};

class SignInTest : public ServiceTest {
 protected:
  void Configure(ServiceOptions& options) override {
    options.login_threads = 1;
    options.login_queue = 8;
    options.before_password_check = [gate = gate_] { gate->Pass(); };
  }

  // A request from another client address (any of 127/8 is this host), checked against the
  // OpenAPI document as Call does; the connection is returned unread when `read` is false.
  Reply From(const std::string& from, const std::string& target, const std::string& body,
             const std::string& token = "") {
    Client c(server_->port(), 0, from);
    EXPECT_TRUE(c.connected()) << from;
    std::string extra = "Content-Type: application/json\r\n";
    if (!token.empty()) extra += "Authorization: Bearer " + token + "\r\n";
    EXPECT_TRUE(c.Send(testing::Post(target, body, extra)));
    return Read(c, target, body);
  }

  Reply Read(Client& c, const std::string& target, const std::string& body) {
    Reply out;
    const auto r = c.Read();
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.headers = r->headers;
    out.body = Json::parse(r->body, nullptr, false);
    const std::string wrong = testing::AnswerError(openapi_, "POST", target, body, out.status,
                                                   out.Header("content-type"), out.raw);
    if (!wrong.empty()) ADD_FAILURE() << "POST " << target << ": " << wrong;
    return out;
  }

  static std::string LoginBody(const std::string& user, const std::string& password) {
    return Json{{"user", user}, {"password", password}}.dump();
  }

  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
};

// The hole of issue #16: anyone could lock a dispatcher out by failing to sign in as them.
TEST_F(SignInTest, FailuresFromOneAddressDoNotLockTheNameElsewhere) {
  const std::uint64_t head = Head();
  int refused = 0;
  for (int i = 0; i < 30; ++i) {
    const Reply r = From("127.0.0.2", "/api/v1/auth/login", LoginBody("central", "guess guess"));
    ASSERT_TRUE(r.status == 401 || r.status == 429) << r.raw;
    if (r.status == 429) {
      ++refused;
      EXPECT_EQ(r.body.value("message_id", ""), "api.too_many_sign_ins") << r.raw;
      EXPECT_EQ(r.Header("retry-after"), "1") << "the first delay after five failures";
    }
  }
  EXPECT_EQ(refused, 25) << "five free failures, then the pair waits (the clock stands still)";
  // Even the right password waits from the guessing address ...
  EXPECT_EQ(From("127.0.0.2", "/api/v1/auth/login", LoginBody("central", kPassword)).status, 429);
  // ... while the dispatcher signs in from their own.
  const Reply mine = From("127.0.0.3", "/api/v1/auth/login", LoginBody("central", kPassword));
  EXPECT_EQ(mine.status, 200) << mine.raw;
  EXPECT_FALSE(Login("central").empty()) << "and from 127.0.0.1";
  EXPECT_EQ(Head(), head);
  // The delays grow: 1 s after the fifth failure, then 2 s after the sixth.
  clock_.Advance(std::chrono::seconds(1));
  const Reply sixth = From("127.0.0.2", "/api/v1/auth/login", LoginBody("central", "guess again"));
  EXPECT_EQ(sixth.status, 401) << sixth.raw;
  const Reply waits = From("127.0.0.2", "/api/v1/auth/login", LoginBody("central", kPassword));
  EXPECT_EQ(waits.status, 429) << waits.raw;
  EXPECT_EQ(waits.Header("retry-after"), "2");
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(From("127.0.0.2", "/api/v1/auth/login", LoginBody("central", kPassword)).status, 200);
}

// Check and count were two steps: 40 concurrent wrong passwords let 6 through instead of 5.
TEST_F(SignInTest, ConcurrentWrongPasswordsLetExactlyTheLimitThrough) {
  constexpr int kClients = 40;
  std::vector<int> statuses(kClients, 0);
  std::latch ready(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      Client c(server_->port());
      ready.arrive_and_wait();
      const std::string body = LoginBody("west", "wrong password " + std::to_string(i));
      if (!c.Send(testing::Post("/api/v1/auth/login", body, "Content-Type: application/json\r\n")))
        return;
      if (const auto r = c.Read()) statuses[static_cast<std::size_t>(i)] = r->status;
    });
  }
  for (auto& t : threads) t.join();
  int unauthorized = 0;
  int limited = 0;
  for (const int s : statuses) {
    unauthorized += s == 401 ? 1 : 0;
    limited += s == 429 ? 1 : 0;
  }
  EXPECT_EQ(unauthorized, 5) << "exactly the five free failures were checked";
  EXPECT_EQ(limited, kClients - 5) << "the others were refused before their check, not after";
  EXPECT_EQ(gate_->Entered(), 5) << "argon2id ran five times";
}

// 20 concurrent citizen reports let 6 through instead of 5.
TEST_F(SignInTest, ConcurrentCitizenReportsLetExactlyTheLimitThrough) {
  const std::string report =
      R"({"type": "flood.waterlogging", "text": "积水 water", "location": )" + kMarina + "}";
  constexpr int kClients = 20;
  std::vector<int> statuses(kClients, 0);
  std::latch ready(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      Client c(server_->port());
      ready.arrive_and_wait();
      if (!c.Send(testing::Post("/api/v1/public/reports", report,
                                "Content-Type: application/json\r\n")))
        return;
      if (const auto r = c.Read()) statuses[static_cast<std::size_t>(i)] = r->status;
    });
  }
  for (auto& t : threads) t.join();
  int created = 0;
  int limited = 0;
  for (const int s : statuses) {
    created += s == 201 ? 1 : 0;
    limited += s == 429 ? 1 : 0;
  }
  EXPECT_EQ(created, 5);
  EXPECT_EQ(limited, kClients - 5);
  // Another address has its own five.
  const std::string body = report;
  EXPECT_EQ(From("127.0.0.2", "/api/v1/public/reports", body).status, 201);
}

class SignInPoolTest : public SignInTest {
 protected:
  void Configure(ServiceOptions& options) override {
    SignInTest::Configure(options);
    options.login_queue = 1;
  }
};

// argon2id never runs on an I/O thread: the login pool is its only caller. With that pool held
// (a gate this test controls) and its queue full, a further login is refused at once with 503 and
// Retry-After, and a signed-in user's request is still answered.
TEST_F(SignInPoolTest, ASaturatedSignInPoolRefusesAndSignedInUsersAreStillServed) {
  const std::string token = Login("central");  // the gate is open
  ASSERT_FALSE(token.empty());
  gate_->Set(false);
  Client running(server_->port());
  ASSERT_TRUE(running.Send(testing::Post("/api/v1/auth/login", LoginBody("west", kPassword),
                                         "Content-Type: application/json\r\n")));
  ASSERT_TRUE(testing::WaitFor([&] { return gate_->Entered() == 2; }))
      << "the first login's check holds the pool's only thread";
  // One more fits the queue (1); the rest are refused at once.
  std::vector<std::unique_ptr<Client>> waiting;
  const std::vector<std::string> users = {"chief", "watcher", "analyst"};
  for (const std::string& user : users) {
    waiting.push_back(std::make_unique<Client>(server_->port()));
    ASSERT_TRUE(waiting.back()->Send(testing::Post("/api/v1/auth/login", LoginBody(user, kPassword),
                                                   "Content-Type: application/json\r\n")));
  }
  ASSERT_TRUE(testing::WaitFor([&] {
    int answered = 0;
    for (auto& c : waiting) answered += c->Readable() ? 1 : 0;
    return answered == 2;
  })) << "two of the three logins are answered while the pool is held";
  // A signed-in user is served while the logins wait: the I/O threads are free.
  for (int i = 0; i < 5; ++i) {
    const Reply me = Call("GET", "/api/v1/me", "", token);
    EXPECT_EQ(me.status, 200) << me.raw;
  }
  EXPECT_EQ(gate_->Entered(), 2) << "no other check started";
  int busy = 0;
  int queued = -1;
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if (!waiting[i]->Readable()) {
      queued = static_cast<int>(i);
      continue;
    }
    const std::string body = LoginBody(users[i], kPassword);
    const Reply r = Read(*waiting[i], "/api/v1/auth/login", body);
    EXPECT_EQ(r.status, 503) << r.raw;
    EXPECT_EQ(r.Header("retry-after"), "1");
    EXPECT_EQ(r.body.value("message_id", ""), "api.sign_in_busy") << r.raw;
    ++busy;
  }
  EXPECT_EQ(busy, 2);
  ASSERT_GE(queued, 0);
  gate_->Set(true);
  EXPECT_EQ(Read(running, "/api/v1/auth/login", LoginBody("west", kPassword)).status, 200);
  const Reply last = Read(*waiting[static_cast<std::size_t>(queued)], "/api/v1/auth/login",
                          LoginBody(users[static_cast<std::size_t>(queued)], kPassword));
  EXPECT_EQ(last.status, 200) << last.raw;
  // A refusal for a full pool cost nothing: those users sign in now.
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (static_cast<int>(i) != queued) {
      EXPECT_FALSE(Login(users[i]).empty()) << users[i];
    }
  }
  // Every check ran on the login pool's thread, none on an I/O thread.
  const std::lock_guard lock(gate_->mu);
  EXPECT_EQ(gate_->threads.size(), 5U);
  for (const std::string& name : gate_->threads) EXPECT_EQ(name, "elink-login");
}

}  // namespace
}  // namespace elink::api
