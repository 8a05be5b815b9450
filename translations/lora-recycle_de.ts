<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>lrc::ui::AdapterTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Fits model</source>
        <translation>Passt zum Modell</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Whether the adapter&apos;s shapes fit the open model (hover a cell for the reason)</source>
        <translation>Ob die Formen des Adapters zum geöffneten Modell passen (Zelle überfahren für den Grund)</translation>
    </message>
    <message>
        <source>LoRA rank r (the largest when targets differ)</source>
        <translation>LoRA-Rang r (der größte, wenn sich die Ziele unterscheiden)</translation>
    </message>
    <message>
        <source>Linear layers the LoRA sits on</source>
        <translation>Lineare Schichten, auf denen das LoRA sitzt</translation>
    </message>
    <message>
        <source>Number of LoRA parameters (A and B)</source>
        <translation>Anzahl der LoRA-Parameter (A und B)</translation>
    </message>
    <message>
        <source>Held-out accuracy of the pre-tuned LoRA, when its file records it</source>
        <translation>Genauigkeit des vortrainierten LoRA auf zurückgehaltenen Daten, falls die Datei sie vermerkt</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>defekt</translation>
    </message>
    <message>
        <source>%1

This file cannot be used: %2</source>
        <translation>%1

Diese Datei ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
</context>
<context>
    <name>lrc::ui::AppContext</name>
    <message>
        <source>Opening model %1 on %2…</source>
        <translation>Modell %1 wird auf %2 geöffnet…</translation>
    </message>
    <message>
        <source>%1: could not open the model</source>
        <translation>%1: Modell konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Model %1 (%2, %3 px, patch %4, width %5, depth %6) on %7</source>
        <translation>Modell %1 (%2, %3 px, Patch %4, Breite %5, Tiefe %6) auf %7</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 stopped</source>
        <translation>%1 angehalten</translation>
    </message>
    <message>
        <source>%1 finished</source>
        <translation>%1 abgeschlossen</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>The default&apos;s recipe is not used: %1</source>
        <translation>Das Rezept des Standards wird nicht verwendet: %1</translation>
    </message>
    <message>
        <source>auto: this CPU has %1</source>
        <translation>auto: diese CPU hat %1</translation>
    </message>
    <message>
        <source>auto: this CPU has neither AVX512-BF16 nor AMX</source>
        <translation>auto: diese CPU hat weder AVX512-BF16 noch AMX</translation>
    </message>
    <message>
        <source>auto: this CUDA device runs bf16</source>
        <translation>auto: dieses CUDA-Gerät rechnet bf16</translation>
    </message>
    <message>
        <source>auto: this CUDA device lacks bf16</source>
        <translation>auto: diesem CUDA-Gerät fehlt bf16</translation>
    </message>
    <message>
        <source>emulated on this CPU: likely slower than fp32</source>
        <translation>auf dieser CPU emuliert: wohl langsamer als fp32</translation>
    </message>
    <message>
        <source>this CUDA device emulates bf16</source>
        <translation>dieses CUDA-Gerät emuliert bf16</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>lrc::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>lrc::ui::ClassColumn</name>
    <message>
        <source>Support images of this class: drop or paste (Ctrl+V) images here</source>
        <translation>Support-Bilder dieser Klasse: Bilder hier ablegen oder einfügen (Strg+V)</translation>
    </message>
    <message>
        <source>Class name</source>
        <translation>Klassenname</translation>
    </message>
    <message>
        <source>Add support images from files…</source>
        <translation>Support-Bilder aus Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>Bilder hinzufügen</translation>
    </message>
    <message>
        <source>Remove this class</source>
        <translation>Diese Klasse entfernen</translation>
    </message>
    <message>
        <source>Remove class</source>
        <translation>Klasse entfernen</translation>
    </message>
    <message>
        <source>Support images</source>
        <translation>Support-Bilder</translation>
    </message>
    <message>
        <source>Drop images here
or paste (Ctrl+V)</source>
        <translation>Bilder hier ablegen
oder einfügen (Strg+V)</translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation>Bild entfernen</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (click to rename)</source>
        <translation>%1 (klicken zum Umbenennen)</translation>
    </message>
</context>
<context>
    <name>lrc::ui::CollectionPage</name>
    <message>
        <source>Open folder…</source>
        <translation>Ordner öffnen…</translation>
    </message>
    <message>
        <source>Scan a folder (and its sub-folders) for LoRA adapters (Ctrl+Shift+O)</source>
        <translation>Einen Ordner (samt Unterordnern) nach LoRA-Adaptern durchsuchen (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <source>No folder open</source>
        <translation>Kein Ordner geöffnet</translation>
    </message>
    <message>
        <source>Filter: name, format, target, class…</source>
        <translation>Filter: Name, Format, Ziel, Klasse…</translation>
    </message>
    <message>
        <source>Show only adapters whose name, format, targets, classes or path contain every word</source>
        <translation>Nur Adapter zeigen, deren Name, Format, Ziele, Klassen oder Pfad jedes Wort enthalten</translation>
    </message>
    <message>
        <source>&amp;Compatible only</source>
        <translation>Nur &amp;kompatible</translation>
    </message>
    <message>
        <source>Hide adapters that do not fit the open model, and broken files</source>
        <translation>Adapter ausblenden, die nicht zum geöffneten Modell passen, sowie defekte Dateien</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>Adapters found in the folder; select several to use them for meta-training</source>
        <translation>Im Ordner gefundene Adapter; wählen Sie mehrere aus, um sie für das Meta-Training zu verwenden</translation>
    </message>
    <message>
        <source>Open a folder of adapters, or drop adapter files anywhere in the window.</source>
        <translation>Öffnen Sie einen Adapter-Ordner oder legen Sie Adapterdateien irgendwo im Fenster ab.</translation>
    </message>
    <message numerus="yes">
        <source>%n adapter(s)</source>
        <translation>
            <numerusform>%n Adapter</numerusform>
            <numerusform>%n Adapter</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 fit the model</source>
        <translation>%1 passen zum Modell</translation>
    </message>
    <message>
        <source>%1 broken</source>
        <translation>%1 defekt</translation>
    </message>
    <message>
        <source>Select an adapter to see its details.</source>
        <translation>Wählen Sie einen Adapter, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Classes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Klassen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>‖s·B·A‖ per layer</source>
        <translation>‖s·B·A‖ pro Schicht</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Frobenius norm</source>
        <translation>Frobenius-Norm</translation>
    </message>
    <message>
        <source>&lt;b&gt;Provenance&lt;/b&gt;</source>
        <translation>&lt;b&gt;Herkunft&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Where the adapter came from, as its file records it</source>
        <translation>Woher der Adapter stammt, wie seine Datei es vermerkt</translation>
    </message>
    <message>
        <source>&amp;Invert…</source>
        <translation>&amp;Invertieren…</translation>
    </message>
    <message>
        <source>Synthesize images of this adapter&apos;s classes in the Inversion workspace</source>
        <translation>Bilder der Klassen dieses Adapters im Arbeitsbereich Inversion synthetisieren</translation>
    </message>
    <message>
        <source>&amp;Use for meta-training</source>
        <translation>Für Meta-Training &amp;verwenden</translation>
    </message>
    <message>
        <source>Recycle the selected adapters into a meta-LoRA in the Training workspace</source>
        <translation>Die ausgewählten Adapter im Arbeitsbereich Training zu einem Meta-LoRA verwerten</translation>
    </message>
    <message>
        <source>None of the selected adapters can be recycled: they need to fit the model and carry a classification head. Select compatible rows (tick “Compatible only”).</source>
        <translation>Keiner der ausgewählten Adapter kann verwertet werden: Sie müssen zum Modell passen und einen Klassifikationskopf haben. Wählen Sie kompatible Zeilen („Nur kompatible“ ankreuzen).</translation>
    </message>
    <message>
        <source>Open a folder of LoRA adapters</source>
        <translation>Einen Ordner mit LoRA-Adaptern öffnen</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Durchsuche…</translation>
    </message>
    <message>
        <source>Scanning %1 for adapters…</source>
        <translation>%1 wird nach Adaptern durchsucht…</translation>
    </message>
    <message>
        <source>%1 / %2 files</source>
        <translation>%1 / %2 Dateien</translation>
    </message>
    <message>
        <source>Found %1 adapters in %2 (%3 broken)</source>
        <translation>%1 Adapter in %2 gefunden (%3 defekt)</translation>
    </message>
    <message>
        <source>Scan of %1 stopped: the table lists what was found so far.</source>
        <translation>Durchsuchen von %1 angehalten: Die Tabelle zeigt, was bis dahin gefunden wurde.</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Skalierung</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Kopf</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n Klasse</numerusform>
            <numerusform>%n Klassen</numerusform>
        </translation>
    </message>
    <message>
        <source>none (cannot be inverted)</source>
        <translation>keiner (kann nicht invertiert werden)</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf dem Datenträger</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>(none recorded)</source>
        <translation>(nicht vermerkt)</translation>
    </message>
    <message>
        <source>‖s·B·A‖</source>
        <translation>‖s·B·A‖</translation>
    </message>
    <message>
        <source>This file cannot be read</source>
        <translation>Diese Datei kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>This adapter does not fit the open model</source>
        <translation>Dieser Adapter passt nicht zum geöffneten Modell</translation>
    </message>
    <message>
        <source>This adapter has no classification head, so there is nothing to invert</source>
        <translation>Dieser Adapter hat keinen Klassifikationskopf, es gibt also nichts zu invertieren</translation>
    </message>
    <message>
        <source>No adapter matches the filter: clear it (or untick “Compatible only”) to see all %1</source>
        <translation>Kein Adapter passt zum Filter: Leeren Sie ihn (oder entfernen Sie den Haken bei „Nur kompatible“), um alle %1 zu sehen</translation>
    </message>
    <message>
        <source>%1 of %2 adapters shown</source>
        <translation>%1 von %2 Adaptern angezeigt</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Csv</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Devices</name>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU (%n Thread)</numerusform>
            <numerusform>CPU (%n Threads)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lrc::ui::DropFrame</name>
    <message>
        <source>The clipboard holds no image or image file to paste</source>
        <translation>Die Zwischenablage enthält kein Bild und keine Bilddatei zum Einfügen</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Files</name>
    <message>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>%1: this folder holds more than %2 files; drop at most %2 images at once (pick a smaller folder or a few files)</source>
        <translation>%1: Dieser Ordner enthält mehr als %2 Dateien; legen Sie höchstens %2 Bilder auf einmal ab (wählen Sie einen kleineren Ordner oder einzelne Dateien)</translation>
    </message>
    <message>
        <source>%1 files dropped; drop at most %2 images at once</source>
        <translation>%1 Dateien abgelegt; legen Sie höchstens %2 Bilder auf einmal ab</translation>
    </message>
    <message>
        <source>%1: not an image; drop PNG, JPEG, BMP or WebP files</source>
        <translation>%1: kein Bild; legen Sie PNG-, JPEG-, BMP- oder WebP-Dateien ab</translation>
    </message>
</context>
<context>
    <name>lrc::ui::ImageGrid</name>
    <message>
        <source>Inverted images</source>
        <translation>Invertierte Bilder</translation>
    </message>
    <message>
        <source>Images synthesized from the adapter, one row per class; the number under each image is the teacher&apos;s confidence in its class</source>
        <translation>Aus dem Adapter synthetisierte Bilder, eine Zeile pro Klasse; die Zahl unter jedem Bild ist die Konfidenz des Lehrers für seine Klasse</translation>
    </message>
    <message>
        <source>Pick a LoRA and press Start (F5): the images it imagines for each class appear here as they form.</source>
        <translation>Wählen Sie ein LoRA und drücken Sie Start (F5): Die Bilder, die es sich für jede Klasse vorstellt, erscheinen hier, während sie entstehen.</translation>
    </message>
</context>
<context>
    <name>lrc::ui::InversionJob</name>
    <message>
        <source>no model is open</source>
        <translation>kein Modell geöffnet</translation>
    </message>
</context>
<context>
    <name>lrc::ui::InversionPage</name>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>The pre-tuned LoRA (with its classification head) to invert</source>
        <translation>Das zu invertierende vortrainierte LoRA (mit Klassifikationskopf)</translation>
    </message>
    <message>
        <source>Adapter to invert</source>
        <translation>Zu invertierender Adapter</translation>
    </message>
    <message>
        <source>Classes to synthesize:</source>
        <translation>Zu synthetisierende Klassen:</translation>
    </message>
    <message>
        <source>Tick the classes of the adapter&apos;s head to synthesize images for</source>
        <translation>Kreuzen Sie die Klassen des Adapterkopfs an, für die Bilder synthetisiert werden</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <source>Images synthesized per class</source>
        <translation>Pro Klasse synthetisierte Bilder</translation>
    </message>
    <message>
        <source>Images per &amp;class</source>
        <translation>Bilder pro &amp;Klasse</translation>
    </message>
    <message>
        <source>Adam steps on the pixels (reference: 2000)</source>
        <translation>Adam-Schritte auf den Pixeln (Referenz: 2000)</translation>
    </message>
    <message>
        <source>&amp;Iterations</source>
        <translation>&amp;Iterationen</translation>
    </message>
    <message>
        <source>Adam learning rate on the pixels (reference: 0.25, betas 0.5, 0.99)</source>
        <translation>Adam-Lernrate auf den Pixeln (Referenz: 0,25, Betas 0,5, 0,99)</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>&amp;Lernrate</translation>
    </message>
    <message>
        <source>Weight of the total-variation smoothness term (reference: 0)</source>
        <translation>Gewicht des Totalvariations-Glättungsterms (Referenz: 0)</translation>
    </message>
    <message>
        <source>&amp;TV weight</source>
        <translation>&amp;TV-Gewicht</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same images</source>
        <translation>Zufalls-Seed: derselbe Seed ergibt dieselben Bilder</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>&amp;Seed</translation>
    </message>
    <message>
        <source>How often the grid and the timeline get a new snapshot</source>
        <translation>Wie oft Raster und Zeitleiste einen neuen Schnappschuss erhalten</translation>
    </message>
    <message>
        <source> iterations</source>
        <translation> Iterationen</translation>
    </message>
    <message>
        <source>Snapshot &amp;every</source>
        <translation>Schnappschuss &amp;alle</translation>
    </message>
    <message>
        <source>Naturalness prior</source>
        <translation>Natürlichkeits-Prior</translation>
    </message>
    <message>
        <source>Use the BatchNorm &amp;prior</source>
        <translation>BatchNorm-&amp;Prior verwenden</translation>
    </message>
    <message>
        <source>Match the BatchNorm statistics of a prior network (R_bn); without it, images look less natural</source>
        <translation>Die BatchNorm-Statistiken eines Prior-Netzes angleichen (R_bn); ohne wirken die Bilder weniger natürlich</translation>
    </message>
    <message>
        <source>Weight of R_bn in the loss (reference: 0.01)</source>
        <translation>Gewicht von R_bn im Verlust (Referenz: 0,01)</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>&amp;Gewicht</translation>
    </message>
    <message>
        <source>prior network (.safetensors)</source>
        <translation>Prior-Netz (.safetensors)</translation>
    </message>
    <message>
        <source>The prior network (lrc-prior file); the embedded default is used when present</source>
        <translation>Das Prior-Netz (lrc-prior-Datei); der eingebaute Standard wird verwendet, falls vorhanden</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a prior network file</source>
        <translation>Prior-Netz-Datei wählen</translation>
    </message>
    <message>
        <source>P&amp;rior</source>
        <translation>P&amp;rior</translation>
    </message>
    <message>
        <source>Choose a prior network</source>
        <translation>Prior-Netz wählen</translation>
    </message>
    <message>
        <source>Prior networks (*.safetensors)</source>
        <translation>Prior-Netze (*.safetensors)</translation>
    </message>
    <message>
        <source>Double-efficient tokens</source>
        <translation>Doppelt effiziente Tokens</translation>
    </message>
    <message>
        <source>e.g. 3,6,9 (none)</source>
        <translation>z. B. 3,6,9 (keine)</translation>
    </message>
    <message>
        <source>Blocks after whose attention the least-attended patch tokens are dropped</source>
        <translation>Blöcke, nach deren Attention die am wenigsten beachteten Patch-Tokens verworfen werden</translation>
    </message>
    <message>
        <source>Prune after &amp;blocks</source>
        <translation>Pruning nach &amp;Blöcken</translation>
    </message>
    <message>
        <source>e.g. 0.3,0.3,0.3</source>
        <translation>z. B. 0.3,0.3,0.3</translation>
    </message>
    <message>
        <source>Share of the remaining patch tokens dropped at each of those blocks</source>
        <translation>Anteil der verbleibenden Patch-Tokens, der an jedem dieser Blöcke verworfen wird</translation>
    </message>
    <message>
        <source>Prune &amp;ratios</source>
        <translation>Pruning-&amp;Anteile</translation>
    </message>
    <message>
        <source>A further share of the surviving tokens masked out in the stored mask</source>
        <translation>Zusätzlicher Anteil der verbliebenen Tokens, der in der gespeicherten Maske ausgeblendet wird</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Extra &amp;mask</source>
        <translation>Zusätzliche &amp;Maske</translation>
    </message>
    <message>
        <source>Start the inversion (F5)</source>
        <translation>Inversion starten (F5)</translation>
    </message>
    <message>
        <source>Pause or resume the inversion</source>
        <translation>Die Inversion pausieren oder fortsetzen</translation>
    </message>
    <message>
        <source>Choose a pre-tuned LoRA</source>
        <translation>Vortrainiertes LoRA wählen</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors adapter_config.json)</source>
        <translation>Adapter (*.safetensors adapter_config.json)</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Inversion progress</source>
        <translation>Fortschritt der Inversion</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Masked</source>
        <translation>Maskiert</translation>
    </message>
    <message>
        <source>Mask overlay</source>
        <translation>Masken-Overlay</translation>
    </message>
    <message>
        <source>Show the images as they are, with the pruned patches blacked out, or with them tinted</source>
        <translation>Bilder unverändert zeigen, mit geschwärzten oder mit eingefärbten verworfenen Patches</translation>
    </message>
    <message>
        <source>Mask display</source>
        <translation>Maskenanzeige</translation>
    </message>
    <message>
        <source>Grid PNG…</source>
        <translation>Raster als PNG…</translation>
    </message>
    <message>
        <source>Save the grid as shown as one PNG image</source>
        <translation>Das Raster wie angezeigt als ein PNG-Bild speichern</translation>
    </message>
    <message>
        <source>Save pool…</source>
        <translation>Pool speichern…</translation>
    </message>
    <message>
        <source>Save the images, masks and pool (for meta-training) into a folder (Ctrl+S)</source>
        <translation>Bilder, Masken und Pool (für das Meta-Training) in einen Ordner speichern (Strg+S)</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>&amp;Zeitleiste</translation>
    </message>
    <message>
        <source>Scrub back through the snapshots of this run</source>
        <translation>Durch die Schnappschüsse dieses Laufs zurückblättern</translation>
    </message>
    <message>
        <source>Snapshot timeline</source>
        <translation>Schnappschuss-Zeitleiste</translation>
    </message>
    <message>
        <source>iteration 000000</source>
        <translation>Iteration 000000</translation>
    </message>
    <message>
        <source>Patch tokens entering each transformer block (token pruning drops the least attended)</source>
        <translation>Patch-Tokens, die in jeden Transformer-Block eingehen (Token-Pruning verwirft die am wenigsten beachteten)</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>Verluste</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>Verlust (log. Skala)</translation>
    </message>
    <message>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <source>CE</source>
        <translation>CE</translation>
    </message>
    <message>
        <source>prior</source>
        <translation>Prior</translation>
    </message>
    <message>
        <source>TV</source>
        <translation>TV</translation>
    </message>
    <message>
        <source>Save grid</source>
        <translation>Raster speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>%1: cannot write the image; choose another folder</source>
        <translation>%1: Bild kann nicht geschrieben werden; wählen Sie einen anderen Ordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>%1 has no classification head, so it cannot be inverted; pick a pre-tuned LoRA</source>
        <translation>%1 hat keinen Klassifikationskopf und kann daher nicht invertiert werden; wählen Sie ein vortrainiertes LoRA</translation>
    </message>
    <message>
        <source>No model is open: open a model (Ctrl+O) before inverting an adapter</source>
        <translation>Kein Modell geöffnet: Öffnen Sie ein Modell (Strg+O), bevor Sie einen Adapter invertieren</translation>
    </message>
    <message>
        <source>Choose a pre-tuned LoRA to invert (open a folder in the Collection, or Browse…)</source>
        <translation>Wählen Sie ein vortrainiertes LoRA zum Invertieren (öffnen Sie einen Ordner in der Sammlung oder „Durchsuchen…“)</translation>
    </message>
    <message>
        <source>Pruning: give as many ratios as blocks, as comma-separated numbers (e.g. blocks 3,6 and ratios 0.5,0.5)</source>
        <translation>Pruning: Geben Sie so viele Anteile wie Blöcke an, als kommagetrennte Zahlen (z. B. Blöcke 3,6 und Anteile 0.5,0.5)</translation>
    </message>
    <message>
        <source>Tick at least one class to synthesize</source>
        <translation>Kreuzen Sie mindestens eine zu synthetisierende Klasse an</translation>
    </message>
    <message>
        <source>Inversion %1</source>
        <translation>Inversion %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>iteration %1</source>
        <translation>Iteration %1</translation>
    </message>
    <message>
        <source>Tokens per layer: %1</source>
        <translation>Tokens pro Schicht: %1</translation>
    </message>
    <message>
        <source>Done: %1 images of %2 classes in %3 s · teacher accuracy %4 %</source>
        <translation>Fertig: %1 Bilder aus %2 Klassen in %3 s · Lehrer-Genauigkeit %4 %</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Stopped at iteration %1</source>
        <translation>Bei Iteration %1 angehalten</translation>
    </message>
    <message>
        <source>Saved the surrogate pool to %1</source>
        <translation>Ersatzbild-Pool in %1 gespeichert</translation>
    </message>
    <message>
        <source>Save the pool into a folder</source>
        <translation>Den Pool in einen Ordner speichern</translation>
    </message>
    <message>
        <source>Saved images, masks and the pool to %1</source>
        <translation>Bilder, Masken und Pool in %1 gespeichert</translation>
    </message>
    <message>
        <source>Random roll of the images by up to this share of their size at every step (0 for data that is not shift-invariant, such as letters)</source>
        <translation>Zufällige Verschiebung der Bilder um bis zu diesen Anteil ihrer Größe in jedem Schritt (0 für Daten, die nicht verschiebungsinvariant sind, etwa Buchstaben)</translation>
    </message>
    <message>
        <source>&amp;Jitter</source>
        <translation>&amp;Jitter</translation>
    </message>
    <message>
        <source>Probability of a horizontal flip at every step (0 for data that is not mirror-symmetric, such as letters)</source>
        <translation>Wahrscheinlichkeit einer horizontalen Spiegelung in jedem Schritt (0 für Daten, die nicht spiegelsymmetrisch sind, etwa Buchstaben)</translation>
    </message>
    <message>
        <source>&amp;Flip probability</source>
        <translation>Spiegel&amp;ung</translation>
    </message>
    <message>
        <source>Images optimized together; 0: all at once (smaller batches need less memory)</source>
        <translation>Gemeinsam optimierte Bilder; 0: alle auf einmal (kleinere Stapel brauchen weniger Speicher)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Same settings as a pool…</source>
        <translation>Einstellungen eines Pools übernehmen…</translation>
    </message>
    <message>
        <source>Fill in the settings (and seed) that a saved surrogate pool was made with</source>
        <translation>Die Einstellungen (und den Seed) eintragen, mit denen ein gespeicherter Ersatz-Pool erzeugt wurde</translation>
    </message>
    <message>
        <source>Choose a surrogate pool folder</source>
        <translation>Ordner eines Ersatz-Pools wählen</translation>
    </message>
    <message>
        <source>Settings of %1 filled in: pick the adapter and start</source>
        <translation>Einstellungen von %1 übernommen: Adapter wählen und starten</translation>
    </message>
    <message>
        <source>Batch si&amp;ze</source>
        <translation>Stapel&amp;größe</translation>
    </message>
    <message>
        <source>Recipe of the default</source>
        <translation>Rezept des Standards</translation>
    </message>
    <message>
        <source>Fill in the settings that made the embedded default&apos;s surrogate pools</source>
        <translation>Die Einstellungen eintragen, mit denen die Ersatz-Pools des eingebauten Standards erzeugt wurden</translation>
    </message>
    <message>
        <source>Estimated time: pick a model and an adapter first</source>
        <translation>Geschätzte Dauer: zuerst ein Modell und einen Adapter wählen</translation>
    </message>
    <message>
        <source>Estimated time: about %1 (at the rate of the last run on this machine)</source>
        <translation>Geschätzte Dauer: etwa %1 (nach dem Tempo des letzten Laufs auf diesem Rechner)</translation>
    </message>
    <message>
        <source>Estimated time: about %1 (at the rate measured when the default was made, %2)</source>
        <translation>Geschätzte Dauer: etwa %1 (nach dem beim Erstellen des Standards gemessenen Tempo, %2)</translation>
    </message>
    <message>
        <source>Estimated time: known after the first iterations of a run</source>
        <translation>Geschätzte Dauer: nach den ersten Iterationen eines Laufs bekannt</translation>
    </message>
    <message>
        <source>Stop the inversion (Esc); the images so far are kept and can be saved</source>
        <translation>Die Inversion anhalten (Esc); die bisherigen Bilder bleiben erhalten und lassen sich speichern</translation>
    </message>
    <message>
        <source>Stopped at iteration %1 of %2: kept %3 images · teacher accuracy %4 % · Save pool… keeps them</source>
        <translation>Bei Iteration %1 von %2 angehalten: %3 Bilder behalten · Lehrer-Genauigkeit %4 % · „Pool speichern…“ sichert sie</translation>
    </message>
    <message>
        <source>Nothing to save yet: start an inversion (a stopped one can be saved)</source>
        <translation>Noch nichts zu speichern: Starten Sie eine Inversion (auch eine angehaltene lässt sich speichern)</translation>
    </message>
    <message>
        <source>Stop the inversion? The images synthesized so far are kept and can be saved.</source>
        <translation>Die Inversion anhalten? Die bisher synthetisierten Bilder bleiben erhalten und lassen sich speichern.</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Job</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>unknown internal error</source>
        <translation>unbekannter interner Fehler</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · pausiert</translation>
    </message>
    <message>
        <source> · stopping…</source>
        <translation> · wird angehalten…</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · Restzeit %1</translation>
    </message>
</context>
<context>
    <name>lrc::ui::JobControls</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
</context>
<context>
    <name>lrc::ui::MainWindow</name>
    <message>
        <source>LoRA Recycle</source>
        <translation>LoRA Recycle</translation>
    </message>
    <message>
        <source>Embedded default: %1</source>
        <translation>Eingebauter Standard: %1</translation>
    </message>
    <message>
        <source>The embedded demo (a tiny model, its LoRA collection and a meta-LoRA) was not found in resources/default; set LRC_DEFAULT_DIR or choose the folder in Settings to use it.</source>
        <translation>Die eingebaute Demo (ein kleines Modell, seine LoRA-Sammlung und ein Meta-LoRA) wurde in resources/default nicht gefunden; setzen Sie LRC_DEFAULT_DIR oder wählen Sie den Ordner in den Einstellungen.</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Arbeitsbereiche</translation>
    </message>
    <message>
        <source>Workspaces (Ctrl+1 … Ctrl+4)</source>
        <translation>Arbeitsbereiche (Strg+1 … Strg+4)</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <source>Inversion</source>
        <translation>Inversion</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Playground</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Show or hide the model bar</source>
        <translation>Modellleiste ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;VFM:</source>
        <translation>&amp;VFM:</translation>
    </message>
    <message>
        <source>The visual foundation model: the embedded default, a recent one, or open another (Ctrl+O)</source>
        <translation>Das visuelle Basismodell: der eingebaute Standard, ein zuletzt verwendetes oder ein anderes (Strg+O)</translation>
    </message>
    <message>
        <source>Visual foundation model</source>
        <translation>Visuelles Basismodell</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>Where the model computes: the CPU or a CUDA GPU</source>
        <translation>Wo das Modell rechnet: auf der CPU oder einer CUDA-GPU</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <source>CPU threads LibTorch may use for new work</source>
        <translation>CPU-Threads, die LibTorch für neue Arbeit nutzen darf</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Jobs running in the background</source>
        <translation>Im Hintergrund laufende Aufträge</translation>
    </message>
    <message>
        <source>opening…</source>
        <translation>wird geöffnet…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>%1 · %2 px · width %3 · depth %4</source>
        <translation>%1 · %2 px · Breite %3 · Tiefe %4</translation>
    </message>
    <message>
        <source>%1
%2 parameters, fingerprint %3</source>
        <translation>%1
%2 Parameter, Fingerabdruck %3</translation>
    </message>
    <message>
        <source>Model %1 ready</source>
        <translation>Modell %1 bereit</translation>
    </message>
    <message>
        <source>%1 — open an HF CLIP or HF ViT folder, a timm .safetensors file or a project model file.</source>
        <translation>%1 — öffnen Sie einen HF-CLIP- oder HF-ViT-Ordner, eine timm-.safetensors-Datei oder eine Projekt-Modelldatei.</translation>
    </message>
    <message>
        <source>Embedded default (tiny VFM)</source>
        <translation>Eingebauter Standard (kleines VFM)</translation>
    </message>
    <message>
        <source>(no model open)</source>
        <translation>(kein Modell geöffnet)</translation>
    </message>
    <message>
        <source>Open model file…</source>
        <translation>Modelldatei öffnen…</translation>
    </message>
    <message>
        <source>Open model folder…</source>
        <translation>Modellordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>Modell &amp;öffnen…</translation>
    </message>
    <message>
        <source>Open a ViT checkpoint file</source>
        <translation>Eine ViT-Checkpoint-Datei öffnen</translation>
    </message>
    <message>
        <source>Open Model &amp;Folder…</source>
        <translation>Modell&amp;ordner öffnen…</translation>
    </message>
    <message>
        <source>Open an HF CLIP / HF ViT model folder</source>
        <translation>Einen HF-CLIP-/HF-ViT-Modellordner öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Adapter Folder…</source>
        <translation>&amp;Adapter-Ordner öffnen…</translation>
    </message>
    <message>
        <source>Scan a folder of LoRA adapters into the Collection</source>
        <translation>Einen Ordner mit LoRA-Adaptern in die Sammlung einlesen</translation>
    </message>
    <message>
        <source>Use &amp;Embedded Demo</source>
        <translation>&amp;Eingebaute Demo verwenden</translation>
    </message>
    <message>
        <source>Open the embedded tiny model, its collection and samples</source>
        <translation>Das eingebaute kleine Modell mit Sammlung und Beispielen öffnen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save what the current workspace produced (task, pool or meta-LoRA)</source>
        <translation>Speichern, was der aktuelle Arbeitsbereich erzeugt hat (Aufgabe, Pool oder Meta-LoRA)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Language, threads and the default assets folder</source>
        <translation>Sprache, Threads und Ordner der Standard-Ressourcen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit LoRA Recycle (running jobs are stopped)</source>
        <translation>LoRA Recycle beenden (laufende Aufträge werden angehalten)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start the current workspace&apos;s job</source>
        <translation>Den Auftrag des aktuellen Arbeitsbereichs starten</translation>
    </message>
    <message>
        <source>&amp;Pause / Resume</source>
        <translation>&amp;Pause / Fortsetzen</translation>
    </message>
    <message>
        <source>Pause or resume the current workspace&apos;s job</source>
        <translation>Den Auftrag des aktuellen Arbeitsbereichs pausieren oder fortsetzen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Stop the current workspace&apos;s job</source>
        <translation>Den Auftrag des aktuellen Arbeitsbereichs anhalten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Collection</source>
        <translation>&amp;Sammlung</translation>
    </message>
    <message>
        <source>&amp;Inversion</source>
        <translation>&amp;Inversion</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>Which adapters do I have, and which fit my model?</source>
        <translation>Welche Adapter habe ich, und welche passen zu meinem Modell?</translation>
    </message>
    <message>
        <source>What does an adapter think its classes look like?</source>
        <translation>Wie stellt sich ein Adapter seine Klassen vor?</translation>
    </message>
    <message>
        <source>Is the meta-LoRA learning, and when will it finish?</source>
        <translation>Lernt das Meta-LoRA, und wann ist es fertig?</translation>
    </message>
    <message>
        <source>Can it tell my classes apart from one example each?</source>
        <translation>Kann es meine Klassen mit je einem Beispiel unterscheiden?</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Show or hide the log (Ctrl+L)</source>
        <translation>Protokoll ein- oder ausblenden (Strg+L)</translation>
    </message>
    <message>
        <source>&amp;Compatible Only</source>
        <translation>Nur &amp;kompatible</translation>
    </message>
    <message>
        <source>Hide adapters that do not fit the model</source>
        <translation>Adapter ausblenden, die nicht zum Modell passen</translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation>&amp;Filtern…</translation>
    </message>
    <message>
        <source>Type to filter the collection</source>
        <translation>Tippen, um die Sammlung zu filtern</translation>
    </message>
    <message>
        <source>Invert &amp;Selected Adapter</source>
        <translation>Ausgewählten Adapter &amp;invertieren</translation>
    </message>
    <message>
        <source>Open the current adapter of the Collection in the Inversion workspace</source>
        <translation>Den aktuellen Adapter der Sammlung im Arbeitsbereich Inversion öffnen</translation>
    </message>
    <message>
        <source>&amp;Use Selected Adapters</source>
        <translation>Ausgewählte Adapter &amp;verwenden</translation>
    </message>
    <message>
        <source>Tick the Collection&apos;s selected adapters for meta-training</source>
        <translation>Die in der Sammlung ausgewählten Adapter für das Meta-Training ankreuzen</translation>
    </message>
    <message>
        <source>&amp;Load Result into Playground</source>
        <translation>Ergebnis in den Playground &amp;laden</translation>
    </message>
    <message>
        <source>Use the trained meta-LoRA in the Playground</source>
        <translation>Das trainierte Meta-LoRA im Playground verwenden</translation>
    </message>
    <message>
        <source>Add &amp;Class</source>
        <translation>Neue &amp;Klasse</translation>
    </message>
    <message>
        <source>Add a class column</source>
        <translation>Eine Klassenspalte hinzufügen</translation>
    </message>
    <message>
        <source>C&amp;lear Task</source>
        <translation>Aufgabe &amp;leeren</translation>
    </message>
    <message>
        <source>Load &amp;Samples</source>
        <translation>&amp;Beispiele laden</translation>
    </message>
    <message>
        <source>Load the sample task that ships with the application</source>
        <translation>Die mitgelieferte Beispielaufgabe laden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LoRA Recycle</source>
        <translation>Ü&amp;ber LoRA Recycle</translation>
    </message>
    <message>
        <source>Versions of the application and its libraries</source>
        <translation>Versionen der Anwendung und ihrer Bibliotheken</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>About the Qt toolkit</source>
        <translation>Über das Qt-Toolkit</translation>
    </message>
    <message>
        <source>The most recent running job</source>
        <translation>Der zuletzt gestartete laufende Auftrag</translation>
    </message>
    <message>
        <source>Job progress</source>
        <translation>Auftragsfortschritt</translation>
    </message>
    <message>
        <source>Opening model…</source>
        <translation>Modell wird geöffnet…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n Auftrag läuft</numerusform>
            <numerusform>%n Aufträge laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Models (*.safetensors config.json);;All files (*)</source>
        <translation>Modelle (*.safetensors config.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>%1: not a model, an adapter or an image; drop a .safetensors model or adapter, a PEFT folder, a folder of adapters, or PNG/JPEG images</source>
        <translation>%1: weder Modell noch Adapter noch Bild; legen Sie ein .safetensors-Modell oder einen Adapter, einen PEFT-Ordner, einen Adapter-Ordner oder PNG/JPEG-Bilder ab</translation>
    </message>
    <message>
        <source>Opened %1; drop one adapter folder at a time</source>
        <translation>%1 geöffnet; legen Sie jeweils nur einen Adapter-Ordner ab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LoRA Recycle %1&lt;/h3&gt;&lt;p&gt;Recycle pre-tuned LoRA adapters into a tuning-free few-shot learner: invert each adapter into surrogate images, meta-train one meta-LoRA on them, and classify new tasks from a few examples in one forward pass.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;QCustomPlot&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;LoRA Recycle %1&lt;/h3&gt;&lt;p&gt;Verwertet vortrainierte LoRA-Adapter zu einem Few-Shot-Lerner ohne Feinabstimmung: Jeder Adapter wird in Ersatzbilder invertiert, darauf wird ein Meta-LoRA trainiert, und neue Aufgaben werden aus wenigen Beispielen in einem einzigen Vorwärtsdurchlauf klassifiziert.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;QCustomPlot&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>About LoRA Recycle</source>
        <translation>Über LoRA Recycle</translation>
    </message>
    <message>
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Stop them and quit?</source>
        <translation>
            <numerusform>%n Auftrag läuft noch. Anhalten und beenden?</numerusform>
            <numerusform>%n Aufträge laufen noch. Anhalten und beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Guide: these are the LoRAs of the collection. Pick one to see its classes, held-out accuracy and whether it fits the model; “Invert…” takes it to the Inversion workspace, “Use for meta-training” takes the selection to Training.</source>
        <translation>Anleitung: Das sind die LoRAs der Sammlung. Wählen Sie eines, um seine Klassen, seine Genauigkeit auf zurückgehaltenen Daten und die Passung zum Modell zu sehen; „Invertieren…“ bringt es in den Arbeitsbereich Inversion, „Für Meta-Training verwenden“ bringt die Auswahl ins Training.</translation>
    </message>
    <message>
        <source>Guide: pick an adapter and press Start (F5). The settings are the recipe that made the default&apos;s pools; the estimate below them says how long it takes. Watch the images appear, then save the pool (Ctrl+S).</source>
        <translation>Anleitung: Wählen Sie einen Adapter und drücken Sie Start (F5). Die Einstellungen sind das Rezept, mit dem die Pools des Standards entstanden; die Schätzung darunter sagt, wie lange es dauert. Sehen Sie den Bildern beim Entstehen zu und speichern Sie dann den Pool (Strg+S).</translation>
    </message>
    <message>
        <source>Guide: tick the LoRAs to recycle and press Start (F5). Missing pools are inverted first with the default&apos;s recipe; the curves show the meta-loss and the validation accuracy, and the result opens in the Playground in one click.</source>
        <translation>Anleitung: Kreuzen Sie die zu verwertenden LoRAs an und drücken Sie Start (F5). Fehlende Pools werden zuerst mit dem Rezept des Standards invertiert; die Kurven zeigen Meta-Verlust und Validierungsgenauigkeit, und das Ergebnis öffnet sich mit einem Klick im Playground.</translation>
    </message>
    <message>
        <source>Guide: each column is a class with its support images; drop query images on the right. The plain model and the meta-LoRA answer side by side — drop more images into a class column to make the task your own.</source>
        <translation>Anleitung: Jede Spalte ist eine Klasse mit ihren Support-Bildern; legen Sie Abfragebilder rechts ab. Das reine Modell und das Meta-LoRA antworten nebeneinander – legen Sie weitere Bilder in eine Klassenspalte, um die Aufgabe zu Ihrer eigenen zu machen.</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>(nothing opened yet)</source>
        <translation>(noch nichts geöffnet)</translation>
    </message>
    <message>
        <source>Models, adapter folders and tasks you open are listed here</source>
        <translation>Geöffnete Modelle, Adapter-Ordner und Aufgaben erscheinen hier</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Forget the recently opened files (the files stay where they are)</source>
        <translation>Die zuletzt geöffneten Dateien vergessen (die Dateien selbst bleiben, wo sie sind)</translation>
    </message>
    <message>
        <source>%1 no longer exists; it was removed from the recent list</source>
        <translation>%1 existiert nicht mehr und wurde aus der Liste entfernt</translation>
    </message>
    <message>
        <source>The new language applies at the next start (jobs are running)</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start (es laufen Aufträge)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Put back the classes and queries as they were before the last removal, clear or task load</source>
        <translation>Klassen und Abfragen wiederherstellen, wie sie vor dem letzten Entfernen, Leeren oder Laden einer Aufgabe waren</translation>
    </message>
    <message>
        <source>Remove every class and query (Undo puts them back)</source>
        <translation>Alle Klassen und Abfragen entfernen (Rückgängig stellt sie wieder her)</translation>
    </message>
</context>
<context>
    <name>lrc::ui::PlaygroundPage</name>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Query images: drop or paste (Ctrl+V) images here to classify them</source>
        <translation>Abfragebilder: Bilder hier ablegen oder einfügen (Strg+V), um sie zu klassifizieren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Queries&lt;/b&gt; — drop images here</source>
        <translation>&lt;b&gt;Abfragen&lt;/b&gt; — Bilder hier ablegen</translation>
    </message>
    <message>
        <source>Add queries…</source>
        <translation>Abfragen hinzufügen…</translation>
    </message>
    <message>
        <source>Add query images from files…</source>
        <translation>Abfragebilder aus Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Remove every query image (Delete removes the selected ones)</source>
        <translation>Alle Abfragebilder entfernen (Entf entfernt die ausgewählten)</translation>
    </message>
    <message>
        <source>Add query images</source>
        <translation>Abfragebilder hinzufügen</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>Add &amp;class</source>
        <translation>Neue &amp;Klasse</translation>
    </message>
    <message>
        <source>Add a class column (Ctrl+Shift+N)</source>
        <translation>Eine Klassenspalte hinzufügen (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Open a saved task (classes, images and queries)…</source>
        <translation>Eine gespeicherte Aufgabe öffnen (Klassen, Bilder und Abfragen)…</translation>
    </message>
    <message>
        <source>Open task</source>
        <translation>Aufgabe öffnen</translation>
    </message>
    <message>
        <source>Playground tasks (*.json)</source>
        <translation>Playground-Aufgaben (*.json)</translation>
    </message>
    <message>
        <source>Save this task as JSON (Ctrl+S)</source>
        <translation>Diese Aufgabe als JSON speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Save task</source>
        <translation>Aufgabe speichern</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Load the sample task that ships with the application</source>
        <translation>Die mitgelieferte Beispielaufgabe laden</translation>
    </message>
    <message>
        <source>Plain VFM</source>
        <translation>Reines VFM</translation>
    </message>
    <message>
        <source>Classify with the plain foundation model (no adapter)</source>
        <translation>Mit dem reinen Basismodell klassifizieren (ohne Adapter)</translation>
    </message>
    <message>
        <source>VFM + meta-LoRA</source>
        <translation>VFM + Meta-LoRA</translation>
    </message>
    <message>
        <source>Classify with the foundation model and the meta-LoRA</source>
        <translation>Mit Basismodell und Meta-LoRA klassifizieren</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Show both side by side</source>
        <translation>Beide nebeneinander zeigen</translation>
    </message>
    <message>
        <source>The meta-LoRA (or any adapter that fits the model) of the “VFM + meta-LoRA” column</source>
        <translation>Das Meta-LoRA (oder ein beliebiger passender Adapter) der Spalte „VFM + Meta-LoRA“</translation>
    </message>
    <message>
        <source>Meta-LoRA</source>
        <translation>Meta-LoRA</translation>
    </message>
    <message>
        <source>Forward-pass time per query image (support prototypes are cached)</source>
        <translation>Dauer des Vorwärtsdurchlaufs pro Abfragebild (Support-Prototypen werden zwischengespeichert)</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>Add support images to %1</source>
        <translation>Support-Bilder zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>(no meta-LoRA)</source>
        <translation>(kein Meta-LoRA)</translation>
    </message>
    <message>
        <source>meta-LoRA (embedded)</source>
        <translation>Meta-LoRA (eingebaut)</translation>
    </message>
    <message>
        <source>Choose adapter…</source>
        <translation>Adapter wählen…</translation>
    </message>
    <message>
        <source>Choose a meta-LoRA or adapter</source>
        <translation>Meta-LoRA oder Adapter wählen</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors adapter_config.json)</source>
        <translation>Adapter (*.safetensors adapter_config.json)</translation>
    </message>
    <message>
        <source>Open a model to classify</source>
        <translation>Öffnen Sie ein Modell, um zu klassifizieren</translation>
    </message>
    <message>
        <source>Add at least two classes</source>
        <translation>Fügen Sie mindestens zwei Klassen hinzu</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es) without support images</source>
        <translation>
            <numerusform>%n Klasse ohne Support-Bilder</numerusform>
            <numerusform>%n Klassen ohne Support-Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop query images to classify them</source>
        <translation>Legen Sie Abfragebilder ab, um sie zu klassifizieren</translation>
    </message>
    <message>
        <source>Choose a meta-LoRA above to compare</source>
        <translation>Wählen Sie oben ein Meta-LoRA zum Vergleich</translation>
    </message>
    <message>
        <source>plain %1 ms</source>
        <translation>rein %1 ms</translation>
    </message>
    <message>
        <source>meta-LoRA %1 ms</source>
        <translation>Meta-LoRA %1 ms</translation>
    </message>
    <message>
        <source>Latency per query: %1</source>
        <translation>Latenz pro Abfrage: %1</translation>
    </message>
    <message>
        <source>Saved the task to %1</source>
        <translation>Aufgabe in %1 gespeichert</translation>
    </message>
    <message>
        <source>%1: cannot write the task (%2); choose another folder</source>
        <translation>%1: Aufgabe kann nicht geschrieben werden (%2); wählen Sie einen anderen Ordner</translation>
    </message>
    <message>
        <source>%1: cannot read the task (%2)</source>
        <translation>%1: Aufgabe kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>%1: not a playground task (expected JSON with &quot;format&quot;: &quot;%2&quot;)</source>
        <translation>%1: keine Playground-Aufgabe (erwartet wird JSON mit &quot;format&quot;: &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>%1: no class folders with sample images</source>
        <translation>%1: keine Klassenordner mit Beispielbildern</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>Squared Euclidean</source>
        <translation>Euklidisch²</translation>
    </message>
    <message>
        <source>The distance to the class prototypes, the same for both columns</source>
        <translation>Der Abstand zu den Klassenprototypen, für beide Spalten derselbe</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>%1 was meta-trained with the %2 distance; both columns use %3 (see Metric)</source>
        <translation>%1 wurde mit dem Abstand „%2“ meta-trainiert; beide Spalten verwenden „%3“ (siehe Metrik)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the predictions of both columns as CSV</source>
        <translation>Die Vorhersagen beider Spalten als CSV speichern</translation>
    </message>
    <message>
        <source>%1 %2 of %3 right (%4 %)</source>
        <translation>%1 %2 von %3 richtig (%4 %)</translation>
    </message>
    <message>
        <source>plain VFM</source>
        <translation>reines VFM</translation>
    </message>
    <message>
        <source>Known labels (%1 of %2 queries, from their folder names): %3</source>
        <translation>Bekannte Klassen (%1 von %2 Abfragen, aus ihren Ordnernamen): %3</translation>
    </message>
    <message>
        <source>A query whose folder is named like a class, or holds that class&apos;s support images, counts as that class</source>
        <translation>Eine Abfrage, deren Ordner wie eine Klasse heißt oder die Support-Bilder dieser Klasse enthält, zählt zu dieser Klasse</translation>
    </message>
    <message>
        <source>Export predictions</source>
        <translation>Vorhersagen exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved the predictions to %1</source>
        <translation>Vorhersagen in %1 gespeichert</translation>
    </message>
    <message>
        <source>%1 does not fit the open model: %2</source>
        <translation>%1 passt nicht zum geöffneten Modell: %2</translation>
    </message>
</context>
<context>
    <name>lrc::ui::PlotWidget</name>
    <message>
        <source>%1 — wheel to zoom, drag to pan, double-click to reset, right-click to export</source>
        <translation>%1 — Mausrad zoomt, Ziehen verschiebt, Doppelklick setzt zurück, Rechtsklick exportiert</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>%1: export as .png, .svg or .csv</source>
        <translation>%1: als .png, .svg oder .csv exportieren</translation>
    </message>
    <message>
        <source>%1: the plot could not be rendered</source>
        <translation>%1: das Diagramm konnte nicht gezeichnet werden</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG-Zeichnungen (*.svg)</translation>
    </message>
    <message>
        <source>Curve data as CSV (*.csv)</source>
        <translation>Kurvendaten als CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>lrc::ui::QueryTable</name>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Plain VFM</source>
        <translation>Reines VFM</translation>
    </message>
    <message>
        <source>VFM + meta-LoRA</source>
        <translation>VFM + Meta-LoRA</translation>
    </message>
    <message>
        <source>Query images and their predictions</source>
        <translation>Abfragebilder und ihre Vorhersagen</translation>
    </message>
    <message>
        <source>Plain VFM · %1</source>
        <translation>Reines VFM · %1</translation>
    </message>
    <message>
        <source>VFM + meta-LoRA · %1</source>
        <translation>VFM + Meta-LoRA · %1</translation>
    </message>
</context>
<context>
    <name>lrc::ui::RecordedComparison</name>
    <message>
        <source>%1 ± %2 %</source>
        <translation>%1 ± %2 %</translation>
    </message>
    <message>
        <source>%1: plain model %2 · LoRA Recycle %3</source>
        <translation>%1: reines Modell %2 · LoRA Recycle %3</translation>
    </message>
    <message>
        <source>Recorded on the embedded default (mean ± 95 % interval, the same episodes for both):</source>
        <translation>Auf dem eingebauten Standard gemessen (Mittelwert ± 95-%-Intervall, dieselben Episoden für beide):</translation>
    </message>
</context>
<context>
    <name>lrc::ui::ResultDelegate</name>
    <message>
        <source>waiting for a complete support set…</source>
        <translation>warte auf vollständige Support-Menge…</translation>
    </message>
    <message>
        <source>(is %1)</source>
        <translation>(ist %1)</translation>
    </message>
</context>
<context>
    <name>lrc::ui::SettingsDialog</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>LibTorch threads at start (0: every core); the model bar changes it for this session</source>
        <translation>LibTorch-Threads beim Start (0: alle Kerne); die Modellleiste ändert sie für diese Sitzung</translation>
    </message>
    <message>
        <source>&amp;Threads at start</source>
        <translation>&amp;Threads beim Start</translation>
    </message>
    <message>
        <source>Automatic (bf16 where the hardware runs it fast)</source>
        <translation>Automatisch (bf16, wo die Hardware es schnell rechnet)</translation>
    </message>
    <message>
        <source>fp32 (full precision)</source>
        <translation>fp32 (volle Genauigkeit)</translation>
    </message>
    <message>
        <source>bf16 (mixed precision)</source>
        <translation>bf16 (gemischte Genauigkeit)</translation>
    </message>
    <message>
        <source>fp16 (mixed precision, CUDA only)</source>
        <translation>fp16 (gemischte Genauigkeit, nur CUDA)</translation>
    </message>
    <message>
        <source>Numeric precision of inversion, meta-training and classification. Weights, optimizer state, inverted pixels, losses and distances stay fp32 in every mode.</source>
        <translation>Rechengenauigkeit von Inversion, Meta-Training und Klassifikation. Gewichte, Optimiererzustand, invertierte Pixel, Verluste und Abstände bleiben in jedem Modus fp32.</translation>
    </message>
    <message>
        <source>&amp;Precision</source>
        <translation>&amp;Genauigkeit</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Jetzt: %1</translation>
    </message>
    <message>
        <source>automatic (LRC_DEFAULT_DIR or resources/default)</source>
        <translation>automatisch (LRC_DEFAULT_DIR oder resources/default)</translation>
    </message>
    <message>
        <source>The folder of the embedded default model, prior, demo collection, meta-LoRA and samples</source>
        <translation>Der Ordner mit eingebautem Standardmodell, Prior, Demo-Sammlung, Meta-LoRA und Beispielen</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>Ordner wählen</translation>
    </message>
    <message>
        <source>&amp;Default assets</source>
        <translation>&amp;Standard-Ressourcen</translation>
    </message>
    <message>
        <source>Default assets folder</source>
        <translation>Ordner der Standard-Ressourcen</translation>
    </message>
    <message>
        <source>The language of the interface; applied when you press OK</source>
        <translation>Die Sprache der Oberfläche; wird mit OK übernommen</translation>
    </message>
    <message>
        <source>The language applies at once; the default assets folder at the next start.</source>
        <translation>Die Sprache gilt sofort, der Ordner der Standard-Ressourcen ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>lrc::ui::StartPage</name>
    <message>
        <source>LoRA Recycle</source>
        <translation>LoRA Recycle</translation>
    </message>
    <message>
        <source>Turn the LoRA adapters other people tuned into a few-shot learner — without their data.</source>
        <translation>Machen Sie aus LoRA-Adaptern, die andere trainiert haben, einen Few-Shot-Lerner — ohne deren Daten.</translation>
    </message>
    <message>
        <source>1. Collect</source>
        <translation>1. Sammeln</translation>
    </message>
    <message>
        <source>Open a folder of pre-tuned LoRAs and see which ones fit your foundation model.</source>
        <translation>Öffnen Sie einen Ordner vortrainierter LoRAs und sehen Sie, welche zu Ihrem Modell passen.</translation>
    </message>
    <message>
        <source>2. Invert</source>
        <translation>2. Invertieren</translation>
    </message>
    <message>
        <source>Synthesize surrogate images from each adapter — no original data needed.</source>
        <translation>Synthetisieren Sie Ersatzbilder aus jedem Adapter — ohne die Originaldaten.</translation>
    </message>
    <message>
        <source>3. Meta-train</source>
        <translation>3. Meta-Training</translation>
    </message>
    <message>
        <source>Recycle them into one meta-LoRA that solves new few-shot tasks without tuning.</source>
        <translation>Verwerten Sie sie zu einem Meta-LoRA, das neue Few-Shot-Aufgaben ohne Feinabstimmung löst.</translation>
    </message>
    <message>
        <source>4. Try it</source>
        <translation>4. Ausprobieren</translation>
    </message>
    <message>
        <source>Drop one image per class and see the predictions at once.</source>
        <translation>Legen Sie ein Bild pro Klasse ab und sehen Sie sofort die Vorhersagen.</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>Modell öffnen…</translation>
    </message>
    <message>
        <source>Open a ViT: an HF CLIP / HF ViT folder, a timm or project-format .safetensors file (Ctrl+O)</source>
        <translation>Einen ViT öffnen: einen HF-CLIP-/HF-ViT-Ordner oder eine timm- bzw. Projektformat-.safetensors-Datei (Strg+O)</translation>
    </message>
    <message>
        <source>Open adapter folder…</source>
        <translation>Adapter-Ordner öffnen…</translation>
    </message>
    <message>
        <source>Scan a folder of LoRA adapters (Ctrl+Shift+O)</source>
        <translation>Einen Ordner mit LoRA-Adaptern durchsuchen (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Playground</translation>
    </message>
    <message>
        <source>Go to the Playground (Ctrl+4)</source>
        <translation>Zum Playground wechseln (Strg+4)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>Zeig es mir</translation>
    </message>
    <message>
        <source>Open this workspace with a short guide</source>
        <translation>Diesen Arbeitsbereich mit einer kurzen Anleitung öffnen</translation>
    </message>
</context>
<context>
    <name>lrc::ui::TrainingJob</name>
    <message>
        <source>no model is open</source>
        <translation>kein Modell geöffnet</translation>
    </message>
</context>
<context>
    <name>lrc::ui::TrainingPage</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>LoRAs to recycle</source>
        <translation>Zu verwertende LoRAs</translation>
    </message>
    <message>
        <source>The collection&apos;s adapters that fit the model and have a head; tick those to recycle</source>
        <translation>Adapter der Sammlung, die zum Modell passen und einen Kopf haben; kreuzen Sie die zu verwertenden an</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Tick every adapter</source>
        <translation>Alle Adapter ankreuzen</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Untick every adapter</source>
        <translation>Alle Adapter abwählen</translation>
    </message>
    <message>
        <source>%1 of %2 ticked</source>
        <translation>%1 von %2 ausgewählt</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>Episoden</translation>
    </message>
    <message>
        <source>Classes per episode (N-way)</source>
        <translation>Klassen pro Episode (N-way)</translation>
    </message>
    <message>
        <source>&amp;Way</source>
        <translation>&amp;Klassen (Way)</translation>
    </message>
    <message>
        <source>Support images per class (K-shot)</source>
        <translation>Support-Bilder pro Klasse (K-shot)</translation>
    </message>
    <message>
        <source>S&amp;hot</source>
        <translation>S&amp;hots</translation>
    </message>
    <message>
        <source>Query images per class</source>
        <translation>Abfragebilder pro Klasse</translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation>&amp;Abfragen</translation>
    </message>
    <message>
        <source>Meta-training steps, one episode each (reference runs: 240 000)</source>
        <translation>Meta-Trainingsschritte, je eine Episode (Referenzläufe: 240 000)</translation>
    </message>
    <message>
        <source>&amp;Episodes</source>
        <translation>&amp;Episoden</translation>
    </message>
    <message>
        <source>Adam learning rate (cosine warm restarts: cycle 100, warm-up 25)</source>
        <translation>Adam-Lernrate (Kosinus mit Warmstarts: Zyklus 100, Aufwärmen 25)</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>&amp;Lernrate</translation>
    </message>
    <message>
        <source>Use the pools&apos; token masks</source>
        <translation>Token-Masken der Pools verwenden</translation>
    </message>
    <message>
        <source>Sparse tokens from each image&apos;s inversion mask; untick to choose a fixed mask ratio</source>
        <translation>Dünne Tokens aus der Inversionsmaske jedes Bildes; abwählen, um einen festen Maskenanteil zu wählen</translation>
    </message>
    <message>
        <source>Share of the least important patches left out of every image (0 = dense)</source>
        <translation>Anteil der unwichtigsten Patches, die in jedem Bild weggelassen werden (0 = dicht)</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>&amp;Mask ratio</source>
        <translation>&amp;Maskenanteil</translation>
    </message>
    <message>
        <source>Rank of the meta-LoRA (on q and v of every block)</source>
        <translation>Rang des Meta-LoRA (auf q und v jedes Blocks)</translation>
    </message>
    <message>
        <source>Ran&amp;k</source>
        <translation>Ran&amp;g</translation>
    </message>
    <message>
        <source>Random seed of the episodes</source>
        <translation>Zufalls-Seed der Episoden</translation>
    </message>
    <message>
        <source>See&amp;d</source>
        <translation>See&amp;d</translation>
    </message>
    <message>
        <source>Data and output</source>
        <translation>Daten und Ausgabe</translation>
    </message>
    <message>
        <source>&amp;Pool folder</source>
        <translation>&amp;Pool-Ordner</translation>
    </message>
    <message>
        <source>Inverted images, one sub-folder per adapter (made when missing)</source>
        <translation>Invertierte Bilder, ein Unterordner pro Adapter (wird bei Bedarf erzeugt)</translation>
    </message>
    <message>
        <source>Pool folder</source>
        <translation>Pool-Ordner</translation>
    </message>
    <message>
        <source>Invert adapters without a pool first</source>
        <translation>Adapter ohne Pool zuerst invertieren</translation>
    </message>
    <message>
        <source>Adapters with no pool in the pool folder are inverted before meta-training starts</source>
        <translation>Adapter ohne Pool im Pool-Ordner werden vor dem Meta-Training invertiert</translation>
    </message>
    <message>
        <source>Inversion iterations for missing pools (reference: 2000)</source>
        <translation>Inversions-Iterationen für fehlende Pools (Referenz: 2000)</translation>
    </message>
    <message>
        <source>Inversion &amp;iterations</source>
        <translation>&amp;Iterationen der Inversion</translation>
    </message>
    <message>
        <source>Images per class for missing pools (shot + query needed at least)</source>
        <translation>Bilder pro Klasse für fehlende Pools (mindestens Shot + Abfragen)</translation>
    </message>
    <message>
        <source>Images per c&amp;lass</source>
        <translation>Bilder pro K&amp;lasse</translation>
    </message>
    <message>
        <source>optional: real images, one folder per class</source>
        <translation>optional: echte Bilder, ein Ordner pro Klasse</translation>
    </message>
    <message>
        <source>&amp;Validation</source>
        <translation>&amp;Validierung</translation>
    </message>
    <message>
        <source>Optional real labeled images (one sub-folder per class) to validate on</source>
        <translation>Optionale echte, beschriftete Bilder (ein Unterordner pro Klasse) zur Validierung</translation>
    </message>
    <message>
        <source>Validation images</source>
        <translation>Validierungsbilder</translation>
    </message>
    <message>
        <source>Validate every this many episodes</source>
        <translation>Alle so vielen Episoden validieren</translation>
    </message>
    <message>
        <source> episodes</source>
        <translation> Episoden</translation>
    </message>
    <message>
        <source>Validate e&amp;very</source>
        <translation>Validieren a&amp;lle</translation>
    </message>
    <message>
        <source>Write a checkpoint every this many episodes (0: only at the end or on Stop)</source>
        <translation>Alle so vielen Episoden einen Checkpoint schreiben (0: nur am Ende oder beim Anhalten)</translation>
    </message>
    <message>
        <source>C&amp;heckpoint every</source>
        <translation>C&amp;heckpoint alle</translation>
    </message>
    <message>
        <source>Resume from the latest checkpoint</source>
        <translation>Vom neuesten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Continue a stopped run of the same output file exactly where it left off</source>
        <translation>Einen angehaltenen Lauf derselben Ausgabedatei genau dort fortsetzen, wo er stehen blieb</translation>
    </message>
    <message>
        <source>&amp;Output</source>
        <translation>&amp;Ausgabe</translation>
    </message>
    <message>
        <source>Where the meta-LoRA is written (checkpoints go beside it)</source>
        <translation>Wohin das Meta-LoRA geschrieben wird (Checkpoints daneben)</translation>
    </message>
    <message>
        <source>Meta-LoRA file</source>
        <translation>Meta-LoRA-Datei</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors)</source>
        <translation>Adapter (*.safetensors)</translation>
    </message>
    <message>
        <source>Start meta-training (F5)</source>
        <translation>Meta-Training starten (F5)</translation>
    </message>
    <message>
        <source>Pause or resume meta-training</source>
        <translation>Meta-Training pausieren oder fortsetzen</translation>
    </message>
    <message>
        <source>Stop meta-training (Esc); a checkpoint is written so it can be resumed</source>
        <translation>Meta-Training anhalten (Esc); ein Checkpoint wird geschrieben, damit es fortgesetzt werden kann</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Meta-training progress</source>
        <translation>Fortschritt des Meta-Trainings</translation>
    </message>
    <message>
        <source>Meta-loss</source>
        <translation>Meta-Verlust</translation>
    </message>
    <message>
        <source>episode</source>
        <translation>Episode</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>geglättet</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>LR</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>Trainingsprotokoll</translation>
    </message>
    <message>
        <source>Log of this run</source>
        <translation>Protokoll dieses Laufs</translation>
    </message>
    <message>
        <source>&lt;b&gt;Checkpoints&lt;/b&gt;</source>
        <translation>&lt;b&gt;Checkpoints&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Checkpoints written so far (step); a stopped run resumes from the latest</source>
        <translation>Bisher geschriebene Checkpoints (Schritt); ein angehaltener Lauf setzt beim neuesten fort</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Save meta-LoRA…</source>
        <translation>Meta-LoRA speichern…</translation>
    </message>
    <message>
        <source>Save the trained meta-LoRA in the project format or as a PEFT folder (Ctrl+S)</source>
        <translation>Das trainierte Meta-LoRA im Projektformat oder als PEFT-Ordner speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Load into playground</source>
        <translation>In den Playground laden</translation>
    </message>
    <message>
        <source>Try the meta-LoRA at once on your own images in the Playground</source>
        <translation>Das Meta-LoRA sofort im Playground an eigenen Bildern ausprobieren</translation>
    </message>
    <message>
        <source>No model is open: open a model (Ctrl+O) before meta-training</source>
        <translation>Kein Modell geöffnet: Öffnen Sie ein Modell (Strg+O) vor dem Meta-Training</translation>
    </message>
    <message>
        <source>Tick at least one LoRA to recycle (open a folder in the Collection first)</source>
        <translation>Kreuzen Sie mindestens ein zu verwertendes LoRA an (öffnen Sie zuerst einen Ordner in der Sammlung)</translation>
    </message>
    <message>
        <source>Choose a pool folder and an output file</source>
        <translation>Wählen Sie einen Pool-Ordner und eine Ausgabedatei</translation>
    </message>
    <message>
        <source>Meta-training %1</source>
        <translation>Meta-Training %1</translation>
    </message>
    <message>
        <source>Started: %1 LoRAs, %2-way %3-shot %4-query, %5 episodes</source>
        <translation>Gestartet: %1 LoRAs, %2-way %3-shot %4-query, %5 Episoden</translation>
    </message>
    <message>
        <source>Inverting missing pools: %1 of %2 (%3)</source>
        <translation>Invertiere fehlende Pools: %1 von %2 (%3)</translation>
    </message>
    <message>
        <source>Inverting %1: iteration %2 / %3</source>
        <translation>Invertiere %1: Iteration %2 / %3</translation>
    </message>
    <message>
        <source>Episode %1 / %2 · loss %3</source>
        <translation>Episode %1 / %2 · Verlust %3</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>Done: %1 episodes in %2</source>
        <translation>Fertig: %1 Episoden in %2</translation>
    </message>
    <message>
        <source> · best validation accuracy %1 % (episode %2)</source>
        <translation> · beste Validierungsgenauigkeit %1 % (Episode %2)</translation>
    </message>
    <message>
        <source>The meta-LoRA is saved to %1. Try it in the Playground.</source>
        <translation>Das Meta-LoRA wurde in %1 gespeichert. Probieren Sie es im Playground aus.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stopped at episode %1 — tick “Resume” and Start to continue</source>
        <translation>Bei Episode %1 angehalten — „Fortsetzen“ ankreuzen und starten, um weiterzumachen</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Paused at episode %1</source>
        <translation>Pausiert bei Episode %1</translation>
    </message>
    <message>
        <source>Nothing to save yet: run meta-training to the end first</source>
        <translation>Noch nichts zu speichern: Lassen Sie zuerst das Meta-Training bis zum Ende laufen</translation>
    </message>
    <message>
        <source>Saved the meta-LoRA to %1</source>
        <translation>Meta-LoRA in %1 gespeichert</translation>
    </message>
    <message>
        <source>LoRA Recycle adapter (*.safetensors)</source>
        <translation>LoRA-Recycle-Adapter (*.safetensors)</translation>
    </message>
    <message>
        <source>PEFT folder (adapter_config.json + adapter_model.safetensors)</source>
        <translation>PEFT-Ordner (adapter_config.json + adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>Save meta-LoRA</source>
        <translation>Meta-LoRA speichern</translation>
    </message>
    <message>
        <source>Where the model computes (the same setting as the model bar&apos;s; changing it reloads the model)</source>
        <translation>Wo das Modell rechnet (dieselbe Einstellung wie in der Modellleiste; eine Änderung lädt das Modell neu)</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>&amp;Gerät</translation>
    </message>
    <message>
        <source>Stop meta-training? A checkpoint is written, and Start resumes from it.</source>
        <translation>Meta-Training anhalten? Ein Checkpoint wird geschrieben; Start setzt dort fort.</translation>
    </message>
    <message>
        <source>%1
Select to save it or load it into the Playground; double-click loads it</source>
        <translation>%1
Auswählen, um ihn zu speichern oder in den Playground zu laden; Doppelklick lädt ihn</translation>
    </message>
    <message>
        <source>Overall ETA %1</source>
        <translation>Gesamt-ETA %1</translation>
    </message>
    <message>
        <source>Pools: ETA %1, then meta-training</source>
        <translation>Pools: ETA %1, danach Meta-Training</translation>
    </message>
    <message>
        <source>Episodes averaged per optimizer step (the published recipe: 1)</source>
        <translation>Episoden, über die je Optimiererschritt gemittelt wird (veröffentlichtes Rezept: 1)</translation>
    </message>
    <message>
        <source>Episodes per s&amp;tep</source>
        <translation>Episoden pro Schri&amp;tt</translation>
    </message>
    <message>
        <source>Local processes that share every step&apos;s episodes (data-parallel on this machine: the threads are split between them, the result is the same as one process with the same episodes per step; no pause)</source>
        <translation>Lokale Prozesse, die sich die Episoden jedes Schritts teilen (datenparallel auf diesem Rechner: die Threads werden aufgeteilt, das Ergebnis ist dasselbe wie mit einem Prozess und gleich vielen Episoden pro Schritt; kein Pausieren)</translation>
    </message>
    <message>
        <source>Processe&amp;s</source>
        <translation>Pro&amp;zesse</translation>
    </message>
    <message>
        <source>A run of several processes cannot pause: Stop writes a checkpoint, and Start with “Resume” continues from it</source>
        <translation>Ein Lauf mit mehreren Prozessen kann nicht pausieren: Stopp schreibt einen Checkpoint, Start mit „Vom neuesten Checkpoint fortsetzen“ macht dort weiter</translation>
    </message>
    <message>
        <source>A run of several processes cannot pause: Stop, then Start with “Resume”</source>
        <translation>Ein Lauf mit mehreren Prozessen kann nicht pausieren: stoppen, dann mit „Vom neuesten Checkpoint fortsetzen“ starten</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Workspace</name>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message>
        <source>Stop the running job?</source>
        <translation>Den laufenden Auftrag anhalten?</translation>
    </message>
</context>
</TS>
