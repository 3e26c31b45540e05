#include "practice/vocabulary.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace velum::practice {
namespace {

// Each vocabulary as (spelling, label) rows in enum declaration order; the
// static_asserts keep the tables and the enums from drifting apart.
struct Entry {
  std::string_view spelling;
  std::string_view label;
};

constexpr std::array kLandmarks{
    Entry{"hard-palate", "Hard palate"},
    Entry{"palate-border", "Hard/soft palate border"},
    Entry{"soft-palate-edge", "Free edge of the soft palate"},
    Entry{"uvula", "Uvula"},
    Entry{"nasopharyngeal-opening", "Opening into the nasopharynx"},
    Entry{"sphincter-inferior", "Sphincter, lower part"},
    Entry{"sphincter-superior", "Sphincter, upper lip"},
    Entry{"nasopharynx-walls", "Walls of the nasopharynx"},
    Entry{"nasopharynx-ceiling", "Ceiling of the nasopharynx"},
    Entry{"tonsil-pillars", "Tonsil pillars"},
    Entry{"nostril", "Nostril"},
    Entry{"tongue-to-palate", "Tongue against the palate"},
    Entry{"whole-face", "Whole face"},
    Entry{"none", "No particular place"},
};
static_assert(kLandmarks.size() == static_cast<std::size_t>(Landmark::kNone) + 1);

constexpr std::array kHands{
    Entry{"thumb", "Thumb"},          Entry{"index", "Index finger"},
    Entry{"middle", "Middle finger"}, Entry{"index+thumb", "Index finger and thumb"},
    Entry{"tongue", "Tongue"},        Entry{"cotton-swab", "Cotton swab"},
    Entry{"none", "Hands free"},
};
static_assert(kHands.size() == static_cast<std::size_t>(Hand::kNone) + 1);

constexpr std::array kActions{
    Entry{"locate", "Locate"},
    Entry{"insert-and-hold", "Insert and hold"},
    Entry{"swallow", "Swallow"},
    Entry{"press", "Press"},
    Entry{"grip-and-flex", "Grip and flex"},
    Entry{"squeeze", "Squeeze"},
    Entry{"circle", "Small circles"},
    Entry{"suction", "Suction"},
    Entry{"lie-still", "Lie still"},
    Entry{"nostril-flare", "Flare the nostrils"},
    Entry{"walk", "Walk"},
    Entry{"breathe", "Breathe"},
};
static_assert(kActions.size() == static_cast<std::size_t>(Action::kBreathe) + 1);

constexpr std::array kSensations{
    Entry{"soreness", "Soreness, like a sore throat"},
    Entry{"itching", "Itching"},
    Entry{"scratching", "Scratching"},
    Entry{"gagging", "Gagging"},
    Entry{"watering-eyes", "Watering eyes"},
    Entry{"ear-popping", "Ears popping or clearing"},
    Entry{"salivation", "More saliva"},
    Entry{"light-headedness", "Light-headedness"},
    Entry{"crackling", "Crackling"},
    Entry{"tingling-eyes", "Tingling around the eyes"},
    Entry{"shivers", "Shivers"},
    Entry{"headache-easing", "Headache easing"},
    Entry{"mucus-draining", "Mucus draining"},
    Entry{"clear-headedness", "Clear-headedness"},
    Entry{"yawn-release", "A deep, yawn-like release"},
    Entry{"sharp-pain", "Sharp or stabbing pain"},
    Entry{"cramping", "Cramping"},
};
static_assert(kSensations.size() == static_cast<std::size_t>(Sensation::kCramping) + 1);

constexpr std::array kStopSignals{
    Entry{"sharp-pain", "Sharp or stabbing pain"},
    Entry{"bleeding", "Bleeding"},
    Entry{"dizziness", "Dizziness or feeling faint"},
    Entry{"breathing-difficulty", "Difficulty breathing"},
    Entry{"vomiting", "Vomiting"},
    Entry{"numbness", "Numbness"},
};
static_assert(kStopSignals.size() == static_cast<std::size_t>(StopSignal::kNumbness) + 1);

constexpr std::array kPrepItems{
    Entry{"nails-short", "Nails clipped short"},
    Entry{"hands-clean", "Hands freshly washed"},
    Entry{"glove-optional", "A clean glove, if you like one"},
    Entry{"cloth", "A cloth or towel for saliva"},
    Entry{"water", "You have had some water today"},
    Entry{"sit-upright", "Sitting upright"},
    Entry{"warm-bath", "Warm bath drawn"},
};
static_assert(kPrepItems.size() == static_cast<std::size_t>(PrepItem::kWarmBath) + 1);

constexpr std::array kLevels{
    Entry{"beginner", "Beginner"},
    Entry{"intermediate", "Intermediate"},
    Entry{"advanced", "Advanced"},
};
constexpr std::array kSettings{
    Entry{"seated", "Seated"},
    Entry{"warm-bath", "After a warm bath"},
    Entry{"lying", "Lying down"},
    Entry{"walking", "Walking"},
};

template <typename Enum>
constexpr const auto& table() {
  if constexpr (std::is_same_v<Enum, Landmark>)
    return kLandmarks;
  else if constexpr (std::is_same_v<Enum, Hand>)
    return kHands;
  else if constexpr (std::is_same_v<Enum, Action>)
    return kActions;
  else if constexpr (std::is_same_v<Enum, Sensation>)
    return kSensations;
  else if constexpr (std::is_same_v<Enum, StopSignal>)
    return kStopSignals;
  else if constexpr (std::is_same_v<Enum, PrepItem>)
    return kPrepItems;
  else if constexpr (std::is_same_v<Enum, Level>)
    return kLevels;
  else
    return kSettings;
}

template <typename Enum, std::size_t N>
constexpr std::array<std::string_view, N> spelling_column(const std::array<Entry, N>& rows) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = rows[i].spelling;
  return out;
}

template <typename Enum>
const Entry& row(Enum value) {
  return table<Enum>()[static_cast<std::size_t>(value)];
}

}  // namespace

std::string_view to_string(Landmark value) { return row(value).spelling; }
std::string_view to_string(Hand value) { return row(value).spelling; }
std::string_view to_string(Action value) { return row(value).spelling; }
std::string_view to_string(Sensation value) { return row(value).spelling; }
std::string_view to_string(StopSignal value) { return row(value).spelling; }
std::string_view to_string(PrepItem value) { return row(value).spelling; }
std::string_view to_string(Level value) { return row(value).spelling; }
std::string_view to_string(Setting value) { return row(value).spelling; }

std::string_view label(Landmark value) { return row(value).label; }
std::string_view label(Hand value) { return row(value).label; }
std::string_view label(Action value) { return row(value).label; }
std::string_view label(Sensation value) { return row(value).label; }
std::string_view label(StopSignal value) { return row(value).label; }
std::string_view label(PrepItem value) { return row(value).label; }

template <typename Enum>
std::optional<Enum> parse(std::string_view spelling) {
  const auto& rows = table<Enum>();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].spelling == spelling) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template <typename Enum>
std::span<const std::string_view> spellings() {
  static constexpr auto kColumn = spelling_column<Enum>(table<Enum>());
  return kColumn;
}

#define VELUM_VOCABULARY(Enum)                                         \
  template std::optional<Enum> parse<Enum>(std::string_view spelling); \
  template std::span<const std::string_view> spellings<Enum>();
VELUM_VOCABULARY(Landmark)
VELUM_VOCABULARY(Hand)
VELUM_VOCABULARY(Action)
VELUM_VOCABULARY(Sensation)
VELUM_VOCABULARY(StopSignal)
VELUM_VOCABULARY(PrepItem)
VELUM_VOCABULARY(Level)
VELUM_VOCABULARY(Setting)
#undef VELUM_VOCABULARY

bool is_intra_oral(Landmark value) { return value <= Landmark::kTonsilPillars; }

bool is_finger(Hand value) {
  return value == Hand::kThumb || value == Hand::kIndex || value == Hand::kMiddle ||
         value == Hand::kIndexAndThumb;
}

}  // namespace velum::practice
