// @ts-check
// The cmi5 Learner Preferences (Agent Profile "cmi5LearnerPreferences", cmi5 section 11):
// the learner's languages in order of preference. (audioPreference is kept in the launch
// for the media player.)

/** @param {string} tag @returns {string} "fr" for "fr-CA" */
function primary(tag) { return String(tag || "").trim().split("-")[0].toLowerCase(); }

// The edition of this course in a language the learner prefers to the course's own, or
// null (no preference, the course's language first, or no such edition).
/**
 * @param {import("./types").Config} config @param {string | undefined} languagePreference
 * @returns {{ language: string, title: string } | null}
 */
export function preferredEdition(config, languagePreference) {
  if (typeof languagePreference !== "string") return null;
  var own = primary(config.course.language);
  var editions = config.course.editions || [];
  var tags = languagePreference.split(",");
  for (var i = 0; i < tags.length; i++) {
    var wanted = primary(tags[i]);
    if (!wanted) continue;
    if (wanted === own) return null;
    for (var j = 0; j < editions.length; j++) {
      if (primary(editions[j].language) === wanted) return editions[j];
    }
  }
  return null;
}
