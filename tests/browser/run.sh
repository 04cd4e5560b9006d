#!/usr/bin/env bash
# run.sh - the pictures in a real browser: the reference scenario is played
# into a kept workspace, Nicolas's carnet is written as one HTML page and
# opened in headless Chromium (Debian's chromium); a phone-width screenshot
# is taken and the rendered DOM must hold every part of the page. The
# sharing graph is drawn with Graphviz. Ends with "browser: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/browser/run.sh   (make browser)
set -u

. "$(dirname "$0")/../lib.sh" browser

ws=$tmp/espace.carnet
"$bin" scenario jouer --conserver "$ws" "$root/fixtures/scenarios/01-nicolas-et-sofia.json" \
    >"$tmp/jouer.log" 2>&1
check "scénario joué" test -s "$ws"
p=$("$bin" --espace "$ws" --json liste | sed -n 's/.*"personne":"\([^"]*\)".*/\1/p')
printf 'nicolas-phrase-de-demo\n' >"$tmp/phrase"
"$bin" --espace "$ws" --date 2026-12-01 --as "$p" --phrase-fichier "$tmp/phrase" \
    page --sortie "$tmp/page.html" "$p"
check "page écrite (0600)" test "$(stat -c %a "$tmp/page.html" 2>/dev/null)" = 600
check "page autonome : aucune ressource externe" \
    bash -c "! grep -Eq '(src|href)=\"[a-z]+:|@import|url\\(' '$tmp/page.html'"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    check "chromium présent (make browser l'installe)" false
else
    run_browser() {
        timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
            --user-data-dir="$tmp/profil" --window-size=390,2400 "$@" \
            "file://$tmp/page.html" 2>"$tmp/chromium.err"
    }
    run_browser --dump-dom >"$tmp/dom.html"
    check "DOM rendu" test -s "$tmp/dom.html"
    for part in "Carnet de bord de Nicolas Durand" "Identité et situation" "Diagnostic professionnel" \
        "Plan d'action" "Chronologie" "<svg" "<circle" "Qui peut lire quoi" "sofia (ccas-roubaix) : depuis le 2026-01-15" \
        "marc (fournil) : depuis le 2026-04-05"; do
        check "le DOM contient « $part »" grep -qF -- "$part" "$tmp/dom.html"
    done
    check "le plan de Nicolas n'apparaît pas aux mains d'un autre" \
        bash -c "! '$bin' --espace '$ws' --as sofia --phrase-fichier <(echo sofia-phrase-de-demo) page '$p' >/dev/null 2>&1"
    run_browser --screenshot="$tmp/page.png" >/dev/null
    check "capture d'écran PNG (largeur téléphone)" \
        bash -c "head -c 8 '$tmp/page.png' | od -An -tx1 | tr -d ' \n' | grep -q 89504e470d0a1a0a && [ \$(stat -c %s '$tmp/page.png') -gt 20000 ]"
    [ -n "${CARNET_BROWSER_KEEP:-}" ] && cp "$tmp/page.png" "$tmp/page.html" "$CARNET_BROWSER_KEEP/"
fi

"$bin" --espace "$ws" --date 2026-12-01 partage graphe "$p" >"$tmp/graphe.dot"
check "graphe DOT : Marc lit le suivi, à l'époque 1" grep -qF '"s:suivi" -> "marc" [label="époque 1"' "$tmp/graphe.dot"
check "graphe DOT : Marc ne lit pas le plan" bash -c "! grep -qF '\"s:plan\" -> \"marc\"' '$tmp/graphe.dot'"
if command -v dot >/dev/null 2>&1; then
    "$bin" --espace "$ws" --date 2026-12-01 partage graphe --svg "$p" >"$tmp/graphe.svg"
    check "graphe SVG par Graphviz" grep -q '<svg' "$tmp/graphe.svg"
else
    check "graphviz présent (make browser l'installe)" false
fi

summary
