// Ayuda's own script: small additions to server-rendered pages. Every page works without it.
"use strict";
