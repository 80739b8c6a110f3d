// Progressive enhancement only: every page works without this file.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { startChoosers } from "./chooser.mjs";

initAll();
startChoosers();
