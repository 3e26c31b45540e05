#pragma once
// The fixed vocabularies a routine file may use: landmarks, hands, actions,
// sensations, stop signals and preparation items, each with its file spelling.
// Spellings are kebab-case and stable: they are stored in journals and files.

#include <optional>
#include <span>
#include <string_view>

namespace velum::practice {

enum class Landmark {
  kHardPalate,
  kPalateBorder,
  kSoftPalateEdge,
  kUvula,
  kNasopharyngealOpening,
  kSphincterInferior,
  kSphincterSuperior,
  kNasopharynxWalls,
  kNasopharynxCeiling,
  kTonsilPillars,
  kNostril,
  kTongueToPalate,
  kWholeFace,
  kNone,
};

enum class Hand { kThumb, kIndex, kMiddle, kIndexAndThumb, kTongue, kCottonSwab, kNone };

enum class Action {
  kLocate,
  kInsertAndHold,
  kSwallow,
  kPress,
  kGripAndFlex,
  kSqueeze,
  kCircle,
  kSuction,
  kLieStill,
  kNostrilFlare,
  kWalk,
  kBreathe,
};

enum class Sensation {
  kSoreness,
  kItching,
  kScratching,
  kGagging,
  kWateringEyes,
  kEarPopping,
  kSalivation,
  kLightHeadedness,
  kCrackling,
  kTinglingEyes,
  kShivers,
  kHeadacheEasing,
  kMucusDraining,
  kClearHeadedness,
  kYawnRelease,
  kSharpPain,
  kCramping,
};

enum class StopSignal { kSharpPain, kBleeding, kDizziness, kBreathingDifficulty, kVomiting, kNumbness };

enum class PrepItem { kNailsShort, kHandsClean, kGloveOptional, kCloth, kWater, kSitUpright, kWarmBath };

enum class Level { kBeginner, kIntermediate, kAdvanced };

enum class Setting { kSeated, kWarmBath, kLying, kWalking };

// The file spelling of each value ("palate-border", "index+thumb", ...).
std::string_view to_string(Landmark value);
std::string_view to_string(Hand value);
std::string_view to_string(Action value);
std::string_view to_string(Sensation value);
std::string_view to_string(StopSignal value);
std::string_view to_string(PrepItem value);
std::string_view to_string(Level value);
std::string_view to_string(Setting value);

// Plain-language label for people ("Palate border", "Index finger and thumb").
std::string_view label(Landmark value);
std::string_view label(Hand value);
std::string_view label(Action value);
std::string_view label(Sensation value);
std::string_view label(StopSignal value);
std::string_view label(PrepItem value);

// Parses a file spelling; nullopt when it is not in the vocabulary.
template <typename Enum>
std::optional<Enum> parse(std::string_view spelling);

// Every spelling of a vocabulary, in declaration order (for "did you mean" hints
// and for listing choices).
template <typename Enum>
std::span<const std::string_view> spellings();

// True for landmarks inside the mouth or nasopharynx that a finger reaches.
bool is_intra_oral(Landmark value);
// True for hands that put a finger into the mouth.
bool is_finger(Hand value);

}  // namespace velum::practice
