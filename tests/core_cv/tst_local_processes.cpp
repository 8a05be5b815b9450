// What a multi-process meta-training on one machine is built from (api/local_ranks.h): the job's
// settings survive the trip to a helper process exactly, child processes start, log, report
// their exit status and stop on request, and a run that cannot start its helpers says why before
// anything slow happens.
#include <fstream>
#include <sstream>

#include "api/jobs.h"
#include "api/session.h"
#include "api/settings_json.h"
#include "harness.h"
#include "runtime/subprocess.h"

using namespace lrc;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every field away from its default, so a field the JSON forgets shows as a difference.
api::MetaTrainSettings unusual_settings() {
  api::MetaTrainSettings s;
  s.adapter_paths = {"a/one.safetensors", "b/two ü.safetensors"};
  s.zoo_dir = "zoo";
  s.real_data_dir = "real";
  s.pool_dir = "pools";
  s.invert_missing = false;
  s.invert_on_the_fly = true;
  s.inversion.adapter_path = "t.safetensors";
  s.inversion.classes = {3, 1, 4};
  s.inversion.class_selection = "cat,dog";
  s.inversion.per_class = 7;
  s.inversion.iterations = 33;
  s.inversion.lr = 0.0625;
  s.inversion.prior_path = "prior.safetensors";
  s.inversion.bn_weight = 0.3;
  s.inversion.tv_weight = 1.5;
  s.inversion.l2_weight = 1e-7;
  s.inversion.jitter = 0.0;
  s.inversion.flip = 0.0;
  s.inversion.batch = 9;
  s.inversion.prune_layers = {1, 3};
  s.inversion.prune_ratios = {0.25, 0.1 + 0.2};  // not exactly 0.3: doubles must round-trip
  s.inversion.prune_start_fraction = 0.5;
  s.inversion.mask_ratio = 0.75;
  s.inversion.seed = 0xfedcba9876543210ULL;  // above INT64_MAX
  s.inversion.snapshot_every = 0;
  s.inversion.threads = 3;
  s.inversion.precision = "bf16";
  s.inversion.out_dir = "out";
  s.inversion.write_pngs = false;
  s.inversion.model_label = "m";
  s.mix_sources = true;
  s.way = 3;
  s.shot = 2;
  s.query = 4;
  s.episodes = 1234567890123LL;
  s.episodes_per_step = 6;
  s.join_environment_group = true;
  s.dist_timeout_s = 17;
  s.local_processes = 3;
  s.helper_executable = "/opt/x/lora-recycle-cli";
  s.mask_ratio = 0.5;
  s.lr = 3e-4;
  s.cycle = 50;
  s.warmup = 5;
  s.rank = 8;
  s.alpha = 16;
  s.targets = "q,k,v";
  s.metric = "cosine";
  s.cosine_scale = 20;
  s.kl_weight = 0.5;
  s.val_dir = "val";
  s.val_pool_dir = "val-pools";
  s.val_every = 7;
  s.val_episodes = 11;
  s.checkpoint_every = 13;
  s.resume = true;
  s.out_path = "meta.safetensors";
  s.checkpoint_folder = "ck";
  s.keep_last = true;
  s.export_peft_dir = "peft";
  s.seed = ~0ULL;
  s.threads = 5;
  s.precision = "fp32";
  return s;
}

}  // namespace

LRC_TEST(meta_training_settings_round_trip_through_json_exactly) {
  const api::MetaTrainSettings s = unusual_settings();
  const std::string text = api::to_json(s).dump(1);
  const api::MetaTrainSettings r = api::meta_train_settings_from(Json::parse(text));
  CHECK(api::to_json(r).dump(1) == text);
  // Spot checks against the struct itself, not only against the writer.
  CHECK(r.adapter_paths == s.adapter_paths);
  CHECK_EQ(r.inversion.seed, s.inversion.seed);
  CHECK_EQ(r.seed, s.seed);
  CHECK_EQ(r.episodes, s.episodes);
  CHECK(r.inversion.prune_ratios == s.inversion.prune_ratios);
  CHECK(r.inversion.classes == s.inversion.classes);
  CHECK_EQ(r.inversion.write_pngs, false);
  CHECK_EQ(r.local_processes, 3);
  CHECK_EQ(r.checkpoint_dir(), std::string("ck"));
  // A field the writer forgot would come back as its default.
  CHECK(api::to_json(api::MetaTrainSettings{}).dump() != api::to_json(r).dump());
  // Absent keys keep the defaults; a wrong type names the key.
  const api::MetaTrainSettings d = api::meta_train_settings_from(Json::parse("{\"way\": 4}"));
  CHECK_EQ(d.way, 4);
  CHECK_EQ(d.shot, api::MetaTrainSettings{}.shot);
  CHECK_THROWS_WITH(api::meta_train_settings_from(Json::parse("{\"episodes\": \"many\"}")),
                    "\"episodes\"");
  CHECK_THROWS_WITH(
      api::meta_train_settings_from(Json::parse("{\"inversion\": {\"prune_layers\": [1.5]}}")),
      "\"prune_layers\"");
  CHECK_THROWS_WITH(api::meta_train_settings_from(Json::parse("[1]")), "a JSON object");
}

LRC_TEST(a_child_process_logs_reports_its_status_and_stops) {
  const std::string log = test::scratch_dir() + "/child.log";
  setenv("LRC_TEST_INHERITED", "kept", 1);
  setenv("LRC_TEST_REMOVED", "present", 1);
  ChildProcess c = ChildProcess::spawn(
      "/bin/sh",
      {"-c",
       "echo out $LRC_TEST_SET $LRC_TEST_INHERITED ${LRC_TEST_REMOVED:-gone}; echo err >&2; "
       "exit 3"},
      {{"LRC_TEST_SET", "set"}, {"LRC_TEST_REMOVED", ""}}, log);
  CHECK_EQ(c.wait_for(std::chrono::seconds(10)).value_or(-1), 3);
  CHECK(read(log) == "out set kept gone\nerr\n");
  CHECK(last_lines(log, 1) == "err");
  CHECK(last_lines(log, 5) == "out set kept gone; err");

  ChildProcess sleeper = ChildProcess::spawn("/bin/sleep", {"30"}, {}, log);
  CHECK(!sleeper.poll());
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_EQ(sleeper.stop(), 128 + 15);  // SIGTERM
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));

  CHECK_THROWS_WITH(ChildProcess::spawn("/nonexistent/program", {}, {}, log),
                    "cannot start /nonexistent/program");
  CHECK(this_executable().find("tst_local_processes") != std::string::npos);
}

LRC_TEST(a_missing_helper_program_fails_before_anything_is_loaded) {
  const auto model = api::Model::load(test::data_path("models/timm"));
  api::MetaTrainSettings s;
  s.adapter_paths = {test::data_path("adapters/timm_reference.safetensors")};
  s.pool_dir = test::scratch_dir() + "/no-pools";
  s.invert_missing = false;  // a missing pool would be the other error: this one comes first
  s.out_path = test::scratch_dir() + "/never.safetensors";
  s.episodes = 2;
  s.episodes_per_step = 2;
  s.local_processes = 2;
  s.helper_executable = "/nonexistent/lora-recycle-cli";
  api::JobControl control;
  CHECK_THROWS_WITH(api::run_meta_training(*model, s, {}, control),
                    "/nonexistent/lora-recycle-cli does not exist");
  s.local_processes = 0;
  CHECK_THROWS_WITH(api::run_meta_training(*model, s, {}, control),
                    "the number of processes must be at least 1");
}
