"""Machine translation of residents' words for staff, run by the district itself.

One interface (:mod:`.backend`) with two back ends: a self-hosted LibreTranslate server
(``TRANSLATE_URL``) and Argos Translate in process (``TRANSLATE_BACKEND=argos``, when the
package and its models are installed). With neither configured nothing is translated and
every page shows the original, as before.
"""
