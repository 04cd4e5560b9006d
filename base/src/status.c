/* status.c - descriptions and stable names of status codes.
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>

#include <carnet/status.h>

struct status_row {
    int code;
    const char *name;
    const char *text;
};

static const struct status_row status_rows[] = {
    {CARNET_OK, "ok", "succès"},
    {CARNET_ERROR, "error", "erreur interne"},
    {CARNET_ENOMEM, "nomem", "mémoire insuffisante"},
    {CARNET_ENOTFOUND, "notfound", "introuvable"},
    {CARNET_EEXISTS, "exists", "existe déjà"},
    {CARNET_EINVAL, "invalid", "donnée invalide"},
    {CARNET_ECONSENT, "consent", "accès refusé"},
    {CARNET_EAUTH, "auth", "échec d'authentification des données"},
    {CARNET_EPASSPHRASE, "passphrase", "impossible de déverrouiller la clé"},
    {CARNET_EBUSY, "busy", "espace de travail occupé"},
    {CARNET_EIO, "io", "erreur d'entrée-sortie"},
    {CARNET_ECORRUPT, "corrupt", "données endommagées"},
    {CARNET_ENOINPUT, "noinput", "fichier introuvable ou illisible"},
    {CARNET_ITEROVER, "iterover", "fin de l'itération"},
    {CARNET_EINTEGRITY, "integrity", "historique rompu ou falsifié"},
    {CARNET_EROLLBACK, "rollback", "espace revenu en arrière ou substitué"},
};

static const struct status_row *
find(int status)
{
    for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++) {
        if (status_rows[i].code == status) {
            return &status_rows[i];
        }
    }
    return NULL;
}

const char *
carnet_strerror(int status)
{
    const struct status_row *r = find(status);
    return r != NULL ? r->text : "erreur inconnue";
}

const char *
carnet_status_name(int status)
{
    const struct status_row *r = find(status);
    return r != NULL ? r->name : "unknown";
}
