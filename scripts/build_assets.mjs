// Builds the front end into build/static/govuk, where Django's staticfiles finds it. Run by
// `make` after `npm ci`; nothing here is committed to git and nothing is downloaded.
//
// - hub-frontend.min.css: GOV.UK Frontend compiled from its Sass (dart-sass, the `sass` npm
//   package) with the hub's own font stack and colour (static/scss/hub-frontend.scss). No GDS
//   Transport font files and no crown images are copied: the hub does not use them.
// - govuk-frontend.min.js and the source map its last line names, so collectstatic with
//   ManifestStaticFilesStorage finds every file a sourceMappingURL points at.
// - accessible-autocomplete (GOV.UK's, for choosers) into build/static/accessible-autocomplete.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const source = join(modules, "govuk-frontend", "dist", "govuk");
const target = join(root, "build", "static", "govuk");

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const result = sass.compile(join(root, "static", "scss", "hub-frontend.scss"), {
  loadPaths: [modules],
  style: "compressed",
  sourceMap: false, // no sourceMappingURL comment, so no map for collectstatic to look for
  quietDeps: true,
});
if (result.css.includes("GDS Transport") || /url\([^)]*(fonts|crest|crown)/i.test(result.css)) {
  throw new Error("The built stylesheet still refers to GOV.UK's font or crown");
}
writeFileSync(join(target, "hub-frontend.min.css"), result.css);

for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(join(source, name), join(target, name));
}
const js = readFileSync(join(target, "govuk-frontend.min.js"), "utf8");
const mapName = /sourceMappingURL=(\S+)/.exec(js)?.[1];
if (mapName && mapName !== "govuk-frontend.min.js.map") {
  throw new Error(`govuk-frontend.min.js names a source map we did not copy: ${mapName}`);
}
// GOV.UK's accessible-autocomplete (choosers, static/js/chooser.mjs), with the source maps its
// files name, for the same collectstatic reason.
const autocomplete = join(root, "build", "static", "accessible-autocomplete");
rmSync(autocomplete, { recursive: true, force: true });
mkdirSync(autocomplete, { recursive: true });
for (const name of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.css"]) {
  for (const file of [name, `${name}.map`]) {
    cpSync(join(modules, "accessible-autocomplete", "dist", file), join(autocomplete, file));
  }
}
console.log(`GOV.UK Frontend built from Sass into ${target}; accessible-autocomplete copied`);
