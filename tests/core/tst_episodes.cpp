// Seeded N-way K-shot episodes (docs/method.md §6): determinism per (seed, index), disjoint
// support and query, class-major labels, no repeated classes, and the error for classes that are
// too small.
#include <algorithm>
#include <set>

#include <torch/torch.h>

#include "data/dataset.h"
#include "harness.h"
#include "io/error.h"

using namespace lrc;

namespace {

// Classes "a".."f": 20 images each except "f" (3 images). Pixel value = item index, so an
// image identifies its item.
std::shared_ptr<Dataset> counted_dataset() {
  const std::vector<int64_t> counts{20, 20, 20, 20, 20, 3};
  std::vector<int64_t> labels;
  for (size_t c = 0; c < counts.size(); ++c)
    labels.insert(labels.end(), size_t(counts[c]), int64_t(c));
  // Interleave the classes so class-major output is not just the input order.
  std::vector<int64_t> shuffled;
  for (size_t k = 0; k < 20; ++k)
    for (size_t c = 0; c < counts.size(); ++c)
      if (int64_t(k) < counts[c]) shuffled.push_back(int64_t(c));
  const auto n = int64_t(shuffled.size());
  auto images = torch::arange(n, torch::kLong)
                    .remainder(256)
                    .to(torch::kUInt8)
                    .view({n, 1, 1})
                    .expand({n, 2, 2});
  return make_tensor_dataset(images.contiguous(), torch::tensor(shuffled, torch::kLong),
                             {"a", "b", "c", "d", "e", "f"}, "counted");
}

bool same(const Episode& x, const Episode& y) {
  return x.classes == y.classes && x.support == y.support && x.query == y.query &&
         x.support_labels == y.support_labels && x.query_labels == y.query_labels;
}

}  // namespace

LRC_TEST(indices_by_class_lists_every_item_once) {
  auto data = counted_dataset();
  auto by_class = data->indices_by_class();
  CHECK_EQ(by_class.size(), size_t(6));
  CHECK_EQ(by_class[0].size(), size_t(20));
  CHECK_EQ(by_class[5].size(), size_t(3));
  size_t total = 0;
  for (size_t c = 0; c < by_class.size(); ++c)
    for (int64_t i : by_class[c]) {
      CHECK_EQ(data->label(i), int64_t(c));
      ++total;
    }
  CHECK_EQ(int64_t(total), data->size());
}

LRC_TEST(episodes_depend_only_on_seed_and_index) {
  auto data = counted_dataset();
  EpisodeSampler a(*data, 3, 2, 4, 7), b(*data, 3, 2, 4, 7), other_seed(*data, 3, 2, 4, 8);
  const Episode e3 = a.episode(3);
  CHECK(same(e3, b.episode(3)));
  (void)a.episode(100);  // drawing others in between changes nothing
  CHECK(same(e3, a.episode(3)));
  CHECK(!same(e3, a.episode(4)));
  CHECK(!same(e3, other_seed.episode(3)));
  // Distinct indices give distinct episodes (not a fixed cycle of a few).
  std::set<std::vector<int64_t>> supports;
  for (int64_t i = 0; i < 50; ++i) supports.insert(a.episode(i).support);
  CHECK(supports.size() >= 49);
}

LRC_TEST(support_and_query_are_disjoint_and_class_major) {
  auto data = counted_dataset();
  const int way = 4, shot = 5, query = 15;
  EpisodeSampler sampler(*data, way, shot, query, 1);
  for (int64_t i = 0; i < 100; ++i) {
    const Episode e = sampler.episode(i);
    CHECK_EQ(e.classes.size(), size_t(way));
    CHECK_EQ(e.support.size(), size_t(way * shot));
    CHECK_EQ(e.query.size(), size_t(way * query));
    std::set<int64_t> items(e.support.begin(), e.support.end());
    items.insert(e.query.begin(), e.query.end());
    CHECK_EQ(items.size(), e.support.size() + e.query.size());  // no item twice, in or across sets
    std::set<int64_t> classes(e.classes.begin(), e.classes.end());
    CHECK_EQ(classes.size(), size_t(way));  // no class twice
    CHECK(!classes.count(5));               // "f" is too small for 20 images
    for (size_t k = 0; k < e.support.size(); ++k) {
      CHECK_EQ(e.support_labels[k], int64_t(k / shot));
      CHECK_EQ(data->label(e.support[k]), e.classes[size_t(e.support_labels[k])]);
    }
    for (size_t k = 0; k < e.query.size(); ++k) {
      CHECK_EQ(e.query_labels[k], int64_t(k / query));
      CHECK_EQ(data->label(e.query[k]), e.classes[size_t(e.query_labels[k])]);
    }
  }
}

LRC_TEST(every_eligible_class_gets_drawn) {
  auto data = counted_dataset();
  EpisodeSampler sampler(*data, 2, 1, 1, 3);
  std::set<int64_t> seen;
  for (int64_t i = 0; i < 200; ++i)
    for (int64_t c : sampler.episode(i).classes) seen.insert(c);
  CHECK_EQ(seen.size(), size_t(6));  // with 2 images per class, "f" qualifies too
}

LRC_TEST(too_small_classes_are_named) {
  auto data = counted_dataset();
  CHECK_THROWS_WITH(EpisodeSampler(*data, 6, 5, 15, 0),
                    "class \"f\" has 3 images but 5-shot 15-query episodes need 20");
  CHECK_THROWS_WITH(EpisodeSampler(*data, 6, 5, 15, 0), "only 5 of 6 have that many");
  CHECK_THROWS_WITH(EpisodeSampler(*data, 7, 1, 1, 0),
                    "7-way episodes need 7 classes but the dataset has 6");
  CHECK_THROWS_WITH(EpisodeSampler(*data, 2, 0, 1, 0), "shot >= 1");
  bool input_error = false;
  try {
    EpisodeSampler(*data, 6, 5, 15, 0);
  } catch (const InputError&) {
    input_error = true;
  }
  CHECK(input_error);
}

LRC_TEST(episode_images_stack_in_episode_order) {
  auto data = counted_dataset();
  ViTConfig config;
  config.image_size = 2;
  EpisodeSampler sampler(*data, 3, 2, 1, 5);
  const Episode e = sampler.episode(0);
  auto images = data->images(e.support, config);
  CHECK_EQ(images.size(0), 6);
  CHECK_EQ(images.size(1), 3);
  for (size_t k = 0; k < e.support.size(); ++k) {
    // Pixel p normalizes to 2p/255 − 1 with mean = std = 0.5.
    const double expected = 2.0 * double(e.support[k] % 256) / 255.0 - 1.0;
    CHECK_NEAR(images[int64_t(k)][1][1][0].item<double>(), expected, 1e-6);
  }
  CHECK_EQ(data->images({}, config).size(0), 0);
}

LRC_TEST(class_subsets_relabel_in_the_given_order) {
  auto data = counted_dataset();
  auto sub = subset_classes(data, {4, 1});
  CHECK_EQ(sub->num_classes(), 2);
  CHECK_EQ(sub->class_names()[0], std::string("e"));
  CHECK_EQ(sub->class_names()[1], std::string("b"));
  CHECK_EQ(sub->size(), 40);
  auto by_class = sub->indices_by_class();
  CHECK_EQ(by_class[0].size(), size_t(20));
  CHECK_EQ(sub->item_name(by_class[1][0]).rfind("counted#", 0), size_t(0));
  CHECK_THROWS_WITH(subset_classes(data, {1, 1}), "listed twice");
  CHECK_THROWS_WITH(subset_classes(data, {9}), "outside the dataset");
}
