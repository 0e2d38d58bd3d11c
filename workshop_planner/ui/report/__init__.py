"""The Report page, split along its seams so each part can be read on its own.

* :mod:`.page` — :class:`ReportView`, which composes the parts and follows the change channel;
* :mod:`.settings` — the template and section choices;
* :mod:`.drafts` — the drafted texts (Edit / Reset to draft);
* :mod:`.checks` — what to fix before export;
* :mod:`.preview` — the PDF preview and the one-render-at-a-time renderer.
"""
