// Deterministic pseudo-random numbers for the synthetic catalogue: SplitMix64 and hand-written
// distributions, so that the same seed gives the same catalogue with any standard library
// (std::*_distribution output is implementation-defined).
#ifndef MODELHUB_HUB_INTERNAL_SYNTHETIC_RANDOM_H_
#define MODELHUB_HUB_INTERNAL_SYNTHETIC_RANDOM_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace modelhub::hub::internal {

class SyntheticRandom {
 public:
  explicit SyntheticRandom(uint64_t seed) : state_(seed) {}

  // An independent stream for item `index` of `stream` under `seed`.
  static SyntheticRandom For(uint64_t seed, uint64_t stream, uint64_t index) {
    SyntheticRandom mixer(seed ^ (stream * 0xD1B54A32D192ED03ull));
    SyntheticRandom item(mixer.Next() ^ (index * 0x9E3779B97F4A7C15ull));
    item.Next();
    return item;
  }

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // Uniform in [0, count); 0 when count is 0.
  size_t Below(size_t count) {
    return count == 0 ? 0 : static_cast<size_t>(Next() % static_cast<uint64_t>(count));
  }
  bool Chance(double probability) { return Uniform() < probability; }

  // Pareto with minimum `scale` and tail index `alpha` (smaller = heavier tail).
  double Pareto(double scale, double alpha) {
    return scale / std::pow(1.0 - Uniform(), 1.0 / alpha);
  }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  // Standard normal (Box-Muller).
  double Normal() {
    double u = 1.0 - Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * Uniform());
  }

  // A rank in [0, count) drawn from a continuous power law p(x) ~ x^-exponent on [1, count + 1):
  // rank 0 is the most likely (Zipf-like; exponent != 1).
  size_t PowerLawRank(size_t count, double exponent) {
    if (count <= 1) return 0;
    double a = 1.0 - exponent;
    double top = std::pow(static_cast<double>(count) + 1.0, a);
    double x = std::pow(1.0 + Uniform() * (top - 1.0), 1.0 / a);
    size_t rank = static_cast<size_t>(x) - 1;
    return rank < count ? rank : count - 1;
  }

  // An index into `weights`, each chosen with probability proportional to its weight.
  size_t Weighted(std::span<const double> weights) {
    double total = 0;
    for (double weight : weights) total += weight;
    double point = Uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (point < weights[i]) return i;
      point -= weights[i];
    }
    return weights.empty() ? 0 : weights.size() - 1;
  }

 private:
  uint64_t state_;
};

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_SYNTHETIC_RANDOM_H_
