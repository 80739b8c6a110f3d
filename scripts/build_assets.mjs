// Copies the GOV.UK Design System from node_modules into build/static/govuk, where Django's
// staticfiles finds it. Run by `make` after `npm ci`; nothing here is committed to git.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const target = join(root, "build", "static", "govuk");

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(source, "assets"), join(target, "assets"), { recursive: true });
cpSync(join(source, "govuk-frontend.min.js"), join(target, "govuk-frontend.min.js"));
// The precompiled stylesheet points at /assets/; ours sit beside it, so make the URLs relative.
const css = readFileSync(join(source, "govuk-frontend.min.css"), "utf8").replaceAll("/assets/", "assets/");
writeFileSync(join(target, "govuk-frontend.min.css"), css);
console.log(`GOV.UK Frontend copied to ${target}`);
