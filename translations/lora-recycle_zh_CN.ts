<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>lrc::ui::AdapterTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Fits model</source>
        <translation>适配模型</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标层</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Whether the adapter&apos;s shapes fit the open model (hover a cell for the reason)</source>
        <translation>适配器形状是否适配当前模型（悬停单元格查看原因）</translation>
    </message>
    <message>
        <source>LoRA rank r (the largest when targets differ)</source>
        <translation>LoRA 秩 r（各目标层不同时取最大值）</translation>
    </message>
    <message>
        <source>Linear layers the LoRA sits on</source>
        <translation>LoRA 所在的线性层</translation>
    </message>
    <message>
        <source>Number of LoRA parameters (A and B)</source>
        <translation>LoRA 参数数量（A 和 B）</translation>
    </message>
    <message>
        <source>Held-out accuracy of the pre-tuned LoRA, when its file records it</source>
        <translation>预调 LoRA 的留出准确率（若文件中有记录）</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>%1

This file cannot be used: %2</source>
        <translation>%1

此文件无法使用：%2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>lrc::ui::AppContext</name>
    <message>
        <source>Opening model %1 on %2…</source>
        <translation>正在 %2 上打开模型 %1…</translation>
    </message>
    <message>
        <source>%1: could not open the model</source>
        <translation>%1：无法打开模型</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Model %1 (%2, %3 px, patch %4, width %5, depth %6) on %7</source>
        <translation>模型 %1（%2，%3 像素，图块 %4，宽度 %5，深度 %6）位于 %7</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1 stopped</source>
        <translation>%1 已停止</translation>
    </message>
    <message>
        <source>%1 finished</source>
        <translation>%1 已完成</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>The default&apos;s recipe is not used: %1</source>
        <translation>未使用默认资源的配方：%1</translation>
    </message>
    <message>
        <source>auto: this CPU has %1</source>
        <translation>自动：此 CPU 支持 %1</translation>
    </message>
    <message>
        <source>auto: this CPU has neither AVX512-BF16 nor AMX</source>
        <translation>自动：此 CPU 既无 AVX512-BF16 也无 AMX</translation>
    </message>
    <message>
        <source>auto: this CUDA device runs bf16</source>
        <translation>自动：此 CUDA 设备支持 bf16</translation>
    </message>
    <message>
        <source>auto: this CUDA device lacks bf16</source>
        <translation>自动：此 CUDA 设备不支持 bf16</translation>
    </message>
    <message>
        <source>emulated on this CPU: likely slower than fp32</source>
        <translation>在此 CPU 上模拟：可能比 fp32 慢</translation>
    </message>
    <message>
        <source>this CUDA device emulates bf16</source>
        <translation>此 CUDA 设备模拟 bf16</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>lrc::ui::BannerBar</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>关闭此消息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>lrc::ui::ClassColumn</name>
    <message>
        <source>Support images of this class: drop or paste (Ctrl+V) images here</source>
        <translation>此类别的支持图像：将图像拖到这里或粘贴 (Ctrl+V)</translation>
    </message>
    <message>
        <source>Class name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <source>Add support images from files…</source>
        <translation>从文件添加支持图像…</translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>添加图像</translation>
    </message>
    <message>
        <source>Remove this class</source>
        <translation>移除此类别</translation>
    </message>
    <message>
        <source>Remove class</source>
        <translation>移除类别</translation>
    </message>
    <message>
        <source>Support images</source>
        <translation>支持图像</translation>
    </message>
    <message>
        <source>Drop images here
or paste (Ctrl+V)</source>
        <translation>将图像拖到这里
或粘贴 (Ctrl+V)</translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation>移除图像</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (click to rename)</source>
        <translation>%1（点击重命名）</translation>
    </message>
</context>
<context>
    <name>lrc::ui::CollectionPage</name>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Scan a folder (and its sub-folders) for LoRA adapters (Ctrl+Shift+O)</source>
        <translation>扫描文件夹（及其子文件夹）中的 LoRA 适配器 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>No folder open</source>
        <translation>未打开文件夹</translation>
    </message>
    <message>
        <source>Filter: name, format, target, class…</source>
        <translation>筛选：名称、格式、目标层、类别…</translation>
    </message>
    <message>
        <source>Show only adapters whose name, format, targets, classes or path contain every word</source>
        <translation>只显示名称、格式、目标层、类别或路径包含所有关键词的适配器</translation>
    </message>
    <message>
        <source>&amp;Compatible only</source>
        <translation>仅显示兼容项(&amp;C)</translation>
    </message>
    <message>
        <source>Hide adapters that do not fit the open model, and broken files</source>
        <translation>隐藏不适配当前模型的适配器和损坏的文件</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>Adapters found in the folder; select several to use them for meta-training</source>
        <translation>在文件夹中找到的适配器；可多选用于元训练</translation>
    </message>
    <message>
        <source>Open a folder of adapters, or drop adapter files anywhere in the window.</source>
        <translation>打开适配器文件夹，或将适配器文件拖到窗口任意位置。</translation>
    </message>
    <message numerus="yes">
        <source>%n adapter(s)</source>
        <translation>
            <numerusform>%n 个适配器</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 fit the model</source>
        <translation>%1 个适配当前模型</translation>
    </message>
    <message>
        <source>%1 broken</source>
        <translation>%1 个损坏</translation>
    </message>
    <message>
        <source>Select an adapter to see its details.</source>
        <translation>选择一个适配器以查看详情。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Classes&lt;/b&gt;</source>
        <translation>&lt;b&gt;类别&lt;/b&gt;</translation>
    </message>
    <message>
        <source>‖s·B·A‖ per layer</source>
        <translation>每层 ‖s·B·A‖</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Frobenius norm</source>
        <translation>Frobenius 范数</translation>
    </message>
    <message>
        <source>&lt;b&gt;Provenance&lt;/b&gt;</source>
        <translation>&lt;b&gt;来源&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Where the adapter came from, as its file records it</source>
        <translation>适配器的来源（据其文件记录）</translation>
    </message>
    <message>
        <source>&amp;Invert…</source>
        <translation>反演(&amp;I)…</translation>
    </message>
    <message>
        <source>Synthesize images of this adapter&apos;s classes in the Inversion workspace</source>
        <translation>在反演工作区中合成此适配器各类别的图像</translation>
    </message>
    <message>
        <source>&amp;Use for meta-training</source>
        <translation>用于元训练(&amp;U)</translation>
    </message>
    <message>
        <source>Recycle the selected adapters into a meta-LoRA in the Training workspace</source>
        <translation>在训练工作区中把所选适配器回收为元 LoRA</translation>
    </message>
    <message>
        <source>None of the selected adapters can be recycled: they need to fit the model and carry a classification head. Select compatible rows (tick “Compatible only”).</source>
        <translation>所选适配器都无法回收：它们必须适配模型并带有分类头。请选择兼容的行（勾选“仅显示兼容项”）。</translation>
    </message>
    <message>
        <source>Open a folder of LoRA adapters</source>
        <translation>打开 LoRA 适配器文件夹</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>Scanning %1 for adapters…</source>
        <translation>正在扫描 %1 中的适配器…</translation>
    </message>
    <message>
        <source>%1 / %2 files</source>
        <translation>%1 / %2 个文件</translation>
    </message>
    <message>
        <source>Found %1 adapters in %2 (%3 broken)</source>
        <translation>在 %2 中找到 %1 个适配器（%3 个损坏）</translation>
    </message>
    <message>
        <source>Scan of %1 stopped: the table lists what was found so far.</source>
        <translation>%1 的扫描已停止：表格中列出目前已找到的内容。</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标层</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>分类头</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n 个类别</numerusform>
        </translation>
    </message>
    <message>
        <source>none (cannot be inverted)</source>
        <translation>无（无法反演）</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>(none recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>‖s·B·A‖</source>
        <translation>‖s·B·A‖</translation>
    </message>
    <message>
        <source>This file cannot be read</source>
        <translation>无法读取此文件</translation>
    </message>
    <message>
        <source>This adapter does not fit the open model</source>
        <translation>此适配器不适配当前模型</translation>
    </message>
    <message>
        <source>This adapter has no classification head, so there is nothing to invert</source>
        <translation>此适配器没有分类头，因此无可反演</translation>
    </message>
    <message>
        <source>No adapter matches the filter: clear it (or untick “Compatible only”) to see all %1</source>
        <translation>没有适配器符合筛选条件：清空筛选（或取消勾选“仅兼容”）即可看到全部 %1 个</translation>
    </message>
    <message>
        <source>%1 of %2 adapters shown</source>
        <translation>显示 %2 个适配器中的 %1 个</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Csv</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Devices</name>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU（%n 个线程）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lrc::ui::DropFrame</name>
    <message>
        <source>The clipboard holds no image or image file to paste</source>
        <translation>剪贴板中没有可粘贴的图像或图像文件</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Files</name>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>%1: this folder holds more than %2 files; drop at most %2 images at once (pick a smaller folder or a few files)</source>
        <translation>%1：此文件夹包含超过 %2 个文件；一次最多拖入 %2 张图像（请选择较小的文件夹或几个文件）</translation>
    </message>
    <message>
        <source>%1 files dropped; drop at most %2 images at once</source>
        <translation>拖入了 %1 个文件；一次最多拖入 %2 张图像</translation>
    </message>
    <message>
        <source>%1: not an image; drop PNG, JPEG, BMP or WebP files</source>
        <translation>%1：不是图像；请拖入 PNG、JPEG、BMP 或 WebP 文件</translation>
    </message>
</context>
<context>
    <name>lrc::ui::ImageGrid</name>
    <message>
        <source>Inverted images</source>
        <translation>反演图像</translation>
    </message>
    <message>
        <source>Images synthesized from the adapter, one row per class; the number under each image is the teacher&apos;s confidence in its class</source>
        <translation>从适配器合成的图像，每类一行；每张图像下方的数字是教师模型对其类别的置信度</translation>
    </message>
    <message>
        <source>Pick a LoRA and press Start (F5): the images it imagines for each class appear here as they form.</source>
        <translation>选择一个 LoRA 并按“开始”(F5)：它为每个类别想象出的图像会在生成过程中显示在这里。</translation>
    </message>
</context>
<context>
    <name>lrc::ui::InversionJob</name>
    <message>
        <source>no model is open</source>
        <translation>未打开模型</translation>
    </message>
</context>
<context>
    <name>lrc::ui::InversionPage</name>
    <message>
        <source>Adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>The pre-tuned LoRA (with its classification head) to invert</source>
        <translation>要反演的预调 LoRA（带分类头）</translation>
    </message>
    <message>
        <source>Adapter to invert</source>
        <translation>要反演的适配器</translation>
    </message>
    <message>
        <source>Classes to synthesize:</source>
        <translation>要合成的类别：</translation>
    </message>
    <message>
        <source>Tick the classes of the adapter&apos;s head to synthesize images for</source>
        <translation>勾选要为其合成图像的适配器分类头类别</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Images synthesized per class</source>
        <translation>每类合成的图像数</translation>
    </message>
    <message>
        <source>Images per &amp;class</source>
        <translation>每类图像数(&amp;C)</translation>
    </message>
    <message>
        <source>Adam steps on the pixels (reference: 2000)</source>
        <translation>像素上的 Adam 步数（参考值：2000）</translation>
    </message>
    <message>
        <source>&amp;Iterations</source>
        <translation>迭代次数(&amp;I)</translation>
    </message>
    <message>
        <source>Adam learning rate on the pixels (reference: 0.25, betas 0.5, 0.99)</source>
        <translation>像素上的 Adam 学习率（参考值：0.25，betas 0.5、0.99）</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>学习率(&amp;L)</translation>
    </message>
    <message>
        <source>Weight of the total-variation smoothness term (reference: 0)</source>
        <translation>全变分平滑项的权重（参考值：0）</translation>
    </message>
    <message>
        <source>&amp;TV weight</source>
        <translation>TV 权重(&amp;T)</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same images</source>
        <translation>随机种子：相同种子生成相同图像</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>随机种子(&amp;S)</translation>
    </message>
    <message>
        <source>How often the grid and the timeline get a new snapshot</source>
        <translation>网格和时间轴获取新快照的频率</translation>
    </message>
    <message>
        <source> iterations</source>
        <translation> 次迭代</translation>
    </message>
    <message>
        <source>Snapshot &amp;every</source>
        <translation>快照间隔(&amp;E)</translation>
    </message>
    <message>
        <source>Naturalness prior</source>
        <translation>自然度先验</translation>
    </message>
    <message>
        <source>Use the BatchNorm &amp;prior</source>
        <translation>使用 BatchNorm 先验(&amp;P)</translation>
    </message>
    <message>
        <source>Match the BatchNorm statistics of a prior network (R_bn); without it, images look less natural</source>
        <translation>匹配先验网络的 BatchNorm 统计量（R_bn）；不使用时图像看起来不够自然</translation>
    </message>
    <message>
        <source>Weight of R_bn in the loss (reference: 0.01)</source>
        <translation>R_bn 在损失中的权重（参考值：0.01）</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>权重(&amp;W)</translation>
    </message>
    <message>
        <source>prior network (.safetensors)</source>
        <translation>先验网络 (.safetensors)</translation>
    </message>
    <message>
        <source>The prior network (lrc-prior file); the embedded default is used when present</source>
        <translation>先验网络（lrc-prior 文件）；若存在则使用内置默认值</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a prior network file</source>
        <translation>选择先验网络文件</translation>
    </message>
    <message>
        <source>P&amp;rior</source>
        <translation>先验(&amp;R)</translation>
    </message>
    <message>
        <source>Choose a prior network</source>
        <translation>选择先验网络</translation>
    </message>
    <message>
        <source>Prior networks (*.safetensors)</source>
        <translation>先验网络 (*.safetensors)</translation>
    </message>
    <message>
        <source>Double-efficient tokens</source>
        <translation>双重高效 token</translation>
    </message>
    <message>
        <source>e.g. 3,6,9 (none)</source>
        <translation>例如 3,6,9（无）</translation>
    </message>
    <message>
        <source>Blocks after whose attention the least-attended patch tokens are dropped</source>
        <translation>在这些块的注意力之后丢弃最少被关注的图块 token</translation>
    </message>
    <message>
        <source>Prune after &amp;blocks</source>
        <translation>剪枝所在块(&amp;B)</translation>
    </message>
    <message>
        <source>e.g. 0.3,0.3,0.3</source>
        <translation>例如 0.3,0.3,0.3</translation>
    </message>
    <message>
        <source>Share of the remaining patch tokens dropped at each of those blocks</source>
        <translation>在这些块中各自丢弃的剩余图块 token 比例</translation>
    </message>
    <message>
        <source>Prune &amp;ratios</source>
        <translation>剪枝比例(&amp;R)</translation>
    </message>
    <message>
        <source>A further share of the surviving tokens masked out in the stored mask</source>
        <translation>在保存的掩码中额外屏蔽的保留 token 比例</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Extra &amp;mask</source>
        <translation>额外掩码(&amp;M)</translation>
    </message>
    <message>
        <source>Start the inversion (F5)</source>
        <translation>开始反演 (F5)</translation>
    </message>
    <message>
        <source>Pause or resume the inversion</source>
        <translation>暂停或继续反演</translation>
    </message>
    <message>
        <source>Choose a pre-tuned LoRA</source>
        <translation>选择预调的 LoRA</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors adapter_config.json)</source>
        <translation>适配器 (*.safetensors adapter_config.json)</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Inversion progress</source>
        <translation>反演进度</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Masked</source>
        <translation>已屏蔽</translation>
    </message>
    <message>
        <source>Mask overlay</source>
        <translation>掩码叠加</translation>
    </message>
    <message>
        <source>Show the images as they are, with the pruned patches blacked out, or with them tinted</source>
        <translation>原样显示图像，或将被剪除的图块涂黑或着色显示</translation>
    </message>
    <message>
        <source>Mask display</source>
        <translation>掩码显示</translation>
    </message>
    <message>
        <source>Grid PNG…</source>
        <translation>网格 PNG…</translation>
    </message>
    <message>
        <source>Save the grid as shown as one PNG image</source>
        <translation>将当前显示的网格保存为一张 PNG 图像</translation>
    </message>
    <message>
        <source>Save pool…</source>
        <translation>保存图像池…</translation>
    </message>
    <message>
        <source>Save the images, masks and pool (for meta-training) into a folder (Ctrl+S)</source>
        <translation>将图像、掩码和图像池（用于元训练）保存到文件夹 (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>时间轴(&amp;T)</translation>
    </message>
    <message>
        <source>Scrub back through the snapshots of this run</source>
        <translation>回看本次运行的快照</translation>
    </message>
    <message>
        <source>Snapshot timeline</source>
        <translation>快照时间轴</translation>
    </message>
    <message>
        <source>iteration 000000</source>
        <translation>第 000000 次迭代</translation>
    </message>
    <message>
        <source>Patch tokens entering each transformer block (token pruning drops the least attended)</source>
        <translation>进入每个 Transformer 块的图块 token 数（token 剪枝会丢弃最少被关注的）</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>CE</source>
        <translation>CE</translation>
    </message>
    <message>
        <source>prior</source>
        <translation>先验</translation>
    </message>
    <message>
        <source>TV</source>
        <translation>TV</translation>
    </message>
    <message>
        <source>Save grid</source>
        <translation>保存网格</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>%1: cannot write the image; choose another folder</source>
        <translation>%1：无法写入图像；请选择其他文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>%1 has no classification head, so it cannot be inverted; pick a pre-tuned LoRA</source>
        <translation>%1 没有分类头，因此无法反演；请选择一个预调的 LoRA</translation>
    </message>
    <message>
        <source>No model is open: open a model (Ctrl+O) before inverting an adapter</source>
        <translation>未打开模型：请先打开模型 (Ctrl+O) 再反演适配器</translation>
    </message>
    <message>
        <source>Choose a pre-tuned LoRA to invert (open a folder in the Collection, or Browse…)</source>
        <translation>请选择要反演的预调 LoRA（在收藏中打开文件夹，或点“浏览…”）</translation>
    </message>
    <message>
        <source>Pruning: give as many ratios as blocks, as comma-separated numbers (e.g. blocks 3,6 and ratios 0.5,0.5)</source>
        <translation>剪枝：比例个数须与块数相同，用逗号分隔（例如块 3,6，比例 0.5,0.5）</translation>
    </message>
    <message>
        <source>Tick at least one class to synthesize</source>
        <translation>请至少勾选一个要合成的类别</translation>
    </message>
    <message>
        <source>Inversion %1</source>
        <translation>反演 %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>iteration %1</source>
        <translation>第 %1 次迭代</translation>
    </message>
    <message>
        <source>Tokens per layer: %1</source>
        <translation>每层 token 数：%1</translation>
    </message>
    <message>
        <source>Done: %1 images of %2 classes in %3 s · teacher accuracy %4 %</source>
        <translation>完成：%3 秒内生成 %2 个类别共 %1 张图像 · 教师准确率 %4 %</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Stopped at iteration %1</source>
        <translation>已在第 %1 次迭代停止</translation>
    </message>
    <message>
        <source>Saved the surrogate pool to %1</source>
        <translation>已将替代图像池保存到 %1</translation>
    </message>
    <message>
        <source>Save the pool into a folder</source>
        <translation>将图像池保存到文件夹</translation>
    </message>
    <message>
        <source>Saved images, masks and the pool to %1</source>
        <translation>已将图像、掩码和图像池保存到 %1</translation>
    </message>
    <message>
        <source>Random roll of the images by up to this share of their size at every step (0 for data that is not shift-invariant, such as letters)</source>
        <translation>每一步将图像随机平移，最多为其尺寸的这一比例（对不具平移不变性的数据，如字母，设为 0）</translation>
    </message>
    <message>
        <source>&amp;Jitter</source>
        <translation>抖动(&amp;J)</translation>
    </message>
    <message>
        <source>Probability of a horizontal flip at every step (0 for data that is not mirror-symmetric, such as letters)</source>
        <translation>每一步水平翻转的概率（对不具镜像对称性的数据，如字母，设为 0）</translation>
    </message>
    <message>
        <source>&amp;Flip probability</source>
        <translation>翻转概率(&amp;F)</translation>
    </message>
    <message>
        <source>Images optimized together; 0: all at once (smaller batches need less memory)</source>
        <translation>一起优化的图像数；0：全部一次优化（较小的批次占用更少内存）</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Same settings as a pool…</source>
        <translation>沿用某个样本池的设置…</translation>
    </message>
    <message>
        <source>Fill in the settings (and seed) that a saved surrogate pool was made with</source>
        <translation>填入生成某个已保存替代样本池时所用的设置（及种子）</translation>
    </message>
    <message>
        <source>Choose a surrogate pool folder</source>
        <translation>选择替代样本池文件夹</translation>
    </message>
    <message>
        <source>Settings of %1 filled in: pick the adapter and start</source>
        <translation>已填入 %1 的设置：选择适配器后开始</translation>
    </message>
    <message>
        <source>Batch si&amp;ze</source>
        <translation>批大小(&amp;Z)</translation>
    </message>
    <message>
        <source>Recipe of the default</source>
        <translation>默认配方</translation>
    </message>
    <message>
        <source>Fill in the settings that made the embedded default&apos;s surrogate pools</source>
        <translation>填入生成内置默认替代图像池所用的设置</translation>
    </message>
    <message>
        <source>Estimated time: pick a model and an adapter first</source>
        <translation>预计用时：请先选择模型和适配器</translation>
    </message>
    <message>
        <source>Estimated time: about %1 (at the rate of the last run on this machine)</source>
        <translation>预计用时：约 %1（按本机上次运行的速度）</translation>
    </message>
    <message>
        <source>Estimated time: about %1 (at the rate measured when the default was made, %2)</source>
        <translation>预计用时：约 %1（按制作默认资源时测得的速度，%2）</translation>
    </message>
    <message>
        <source>Estimated time: known after the first iterations of a run</source>
        <translation>预计用时：运行最初几次迭代后可知</translation>
    </message>
    <message>
        <source>Stop the inversion (Esc); the images so far are kept and can be saved</source>
        <translation>停止反演 (Esc)；已生成的图像会保留，可以保存</translation>
    </message>
    <message>
        <source>Stopped at iteration %1 of %2: kept %3 images · teacher accuracy %4 % · Save pool… keeps them</source>
        <translation>已在第 %1/%2 次迭代停止：保留 %3 张图像 · 教师准确率 %4 % · 用“保存图像池…”保存</translation>
    </message>
    <message>
        <source>Nothing to save yet: start an inversion (a stopped one can be saved)</source>
        <translation>尚无可保存内容：请开始一次反演（停止后的结果也可保存）</translation>
    </message>
    <message>
        <source>Stop the inversion? The images synthesized so far are kept and can be saved.</source>
        <translation>停止反演？已合成的图像会保留，可以保存。</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Job</name>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>unknown internal error</source>
        <translation>未知内部错误</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · 已暂停</translation>
    </message>
    <message>
        <source> · stopping…</source>
        <translation> · 正在停止…</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 剩余 %1</translation>
    </message>
</context>
<context>
    <name>lrc::ui::JobControls</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
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
        <translation>内置默认：%1</translation>
    </message>
    <message>
        <source>The embedded demo (a tiny model, its LoRA collection and a meta-LoRA) was not found in resources/default; set LRC_DEFAULT_DIR or choose the folder in Settings to use it.</source>
        <translation>未在 resources/default 中找到内置演示（一个微型模型、其 LoRA 收藏和一个元 LoRA）；请设置 LRC_DEFAULT_DIR 或在设置中选择该文件夹。</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Workspaces (Ctrl+1 … Ctrl+4)</source>
        <translation>工作区 (Ctrl+1 … Ctrl+4)</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Inversion</source>
        <translation>反演</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Show or hide the model bar</source>
        <translation>显示或隐藏模型栏</translation>
    </message>
    <message>
        <source>&amp;VFM:</source>
        <translation>基础模型(&amp;V)：</translation>
    </message>
    <message>
        <source>The visual foundation model: the embedded default, a recent one, or open another (Ctrl+O)</source>
        <translation>视觉基础模型：内置默认、最近使用的，或打开其他模型 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Visual foundation model</source>
        <translation>视觉基础模型</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>Where the model computes: the CPU or a CUDA GPU</source>
        <translation>模型的计算位置：CPU 或 CUDA GPU</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>线程(&amp;T)：</translation>
    </message>
    <message>
        <source>CPU threads LibTorch may use for new work</source>
        <translation>LibTorch 处理新任务可用的 CPU 线程数</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Jobs running in the background</source>
        <translation>后台运行的任务</translation>
    </message>
    <message>
        <source>opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>%1 · %2 px · width %3 · depth %4</source>
        <translation>%1 · %2 像素 · 宽度 %3 · 深度 %4</translation>
    </message>
    <message>
        <source>%1
%2 parameters, fingerprint %3</source>
        <translation>%1
%2 个参数，指纹 %3</translation>
    </message>
    <message>
        <source>Model %1 ready</source>
        <translation>模型 %1 已就绪</translation>
    </message>
    <message>
        <source>%1 — open an HF CLIP or HF ViT folder, a timm .safetensors file or a project model file.</source>
        <translation>%1 —— 请打开 HF CLIP 或 HF ViT 文件夹、timm 的 .safetensors 文件或本项目格式的模型文件。</translation>
    </message>
    <message>
        <source>Embedded default (tiny VFM)</source>
        <translation>内置默认（微型基础模型）</translation>
    </message>
    <message>
        <source>(no model open)</source>
        <translation>（未打开模型）</translation>
    </message>
    <message>
        <source>Open model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Open model folder…</source>
        <translation>打开模型文件夹…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a ViT checkpoint file</source>
        <translation>打开 ViT 检查点文件</translation>
    </message>
    <message>
        <source>Open Model &amp;Folder…</source>
        <translation>打开模型文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Open an HF CLIP / HF ViT model folder</source>
        <translation>打开 HF CLIP / HF ViT 模型文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Adapter Folder…</source>
        <translation>打开适配器文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>Scan a folder of LoRA adapters into the Collection</source>
        <translation>将 LoRA 适配器文件夹扫描到收藏中</translation>
    </message>
    <message>
        <source>Use &amp;Embedded Demo</source>
        <translation>使用内置演示(&amp;E)</translation>
    </message>
    <message>
        <source>Open the embedded tiny model, its collection and samples</source>
        <translation>打开内置的微型模型及其收藏和示例</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save what the current workspace produced (task, pool or meta-LoRA)</source>
        <translation>保存当前工作区的产出（任务、图像池或元 LoRA）</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Language, threads and the default assets folder</source>
        <translation>语言、线程数和默认资源文件夹</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit LoRA Recycle (running jobs are stopped)</source>
        <translation>退出 LoRA Recycle（运行中的任务将被停止）</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start the current workspace&apos;s job</source>
        <translation>开始当前工作区的任务</translation>
    </message>
    <message>
        <source>&amp;Pause / Resume</source>
        <translation>暂停 / 继续(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume the current workspace&apos;s job</source>
        <translation>暂停或继续当前工作区的任务</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the current workspace&apos;s job</source>
        <translation>停止当前工作区的任务</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Collection</source>
        <translation>收藏(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Inversion</source>
        <translation>反演(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>试验场(&amp;P)</translation>
    </message>
    <message>
        <source>Which adapters do I have, and which fit my model?</source>
        <translation>我有哪些适配器？哪些适配我的模型？</translation>
    </message>
    <message>
        <source>What does an adapter think its classes look like?</source>
        <translation>适配器认为它的类别长什么样？</translation>
    </message>
    <message>
        <source>Is the meta-LoRA learning, and when will it finish?</source>
        <translation>元 LoRA 在学习吗？何时完成？</translation>
    </message>
    <message>
        <source>Can it tell my classes apart from one example each?</source>
        <translation>每类一个示例，它能区分我的类别吗？</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Show or hide the log (Ctrl+L)</source>
        <translation>显示或隐藏日志 (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Compatible Only</source>
        <translation>仅兼容项(&amp;C)</translation>
    </message>
    <message>
        <source>Hide adapters that do not fit the model</source>
        <translation>隐藏不适配模型的适配器</translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation>筛选(&amp;F)…</translation>
    </message>
    <message>
        <source>Type to filter the collection</source>
        <translation>输入以筛选收藏</translation>
    </message>
    <message>
        <source>Invert &amp;Selected Adapter</source>
        <translation>反演所选适配器(&amp;S)</translation>
    </message>
    <message>
        <source>Open the current adapter of the Collection in the Inversion workspace</source>
        <translation>在反演工作区中打开收藏里的当前适配器</translation>
    </message>
    <message>
        <source>&amp;Use Selected Adapters</source>
        <translation>使用所选适配器(&amp;U)</translation>
    </message>
    <message>
        <source>Tick the Collection&apos;s selected adapters for meta-training</source>
        <translation>勾选收藏中所选的适配器用于元训练</translation>
    </message>
    <message>
        <source>&amp;Load Result into Playground</source>
        <translation>将结果载入试验场(&amp;L)</translation>
    </message>
    <message>
        <source>Use the trained meta-LoRA in the Playground</source>
        <translation>在试验场中使用训练好的元 LoRA</translation>
    </message>
    <message>
        <source>Add &amp;Class</source>
        <translation>添加类别(&amp;C)</translation>
    </message>
    <message>
        <source>Add a class column</source>
        <translation>添加一个类别列</translation>
    </message>
    <message>
        <source>C&amp;lear Task</source>
        <translation>清空任务(&amp;L)</translation>
    </message>
    <message>
        <source>Load &amp;Samples</source>
        <translation>载入示例(&amp;S)</translation>
    </message>
    <message>
        <source>Load the sample task that ships with the application</source>
        <translation>载入应用自带的示例任务</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About LoRA Recycle</source>
        <translation>关于 LoRA Recycle(&amp;A)</translation>
    </message>
    <message>
        <source>Versions of the application and its libraries</source>
        <translation>应用及其依赖库的版本</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>About the Qt toolkit</source>
        <translation>关于 Qt 工具包</translation>
    </message>
    <message>
        <source>The most recent running job</source>
        <translation>最近运行的任务</translation>
    </message>
    <message>
        <source>Job progress</source>
        <translation>任务进度</translation>
    </message>
    <message>
        <source>Opening model…</source>
        <translation>正在打开模型…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n 个任务运行中</numerusform>
        </translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Models (*.safetensors config.json);;All files (*)</source>
        <translation>模型 (*.safetensors config.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>%1: not a model, an adapter or an image; drop a .safetensors model or adapter, a PEFT folder, a folder of adapters, or PNG/JPEG images</source>
        <translation>%1：不是模型、适配器或图像；请拖入 .safetensors 模型或适配器、PEFT 文件夹、适配器文件夹或 PNG/JPEG 图像</translation>
    </message>
    <message>
        <source>Opened %1; drop one adapter folder at a time</source>
        <translation>已打开 %1；请一次只拖入一个适配器文件夹</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LoRA Recycle %1&lt;/h3&gt;&lt;p&gt;Recycle pre-tuned LoRA adapters into a tuning-free few-shot learner: invert each adapter into surrogate images, meta-train one meta-LoRA on them, and classify new tasks from a few examples in one forward pass.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;QCustomPlot&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;LoRA Recycle %1&lt;/h3&gt;&lt;p&gt;将预调的 LoRA 适配器回收为免调优的小样本学习器：把每个适配器反演为替代图像，在其上元训练一个元 LoRA，然后只需几个示例、一次前向传播即可对新任务分类。&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;QCustomPlot&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>About LoRA Recycle</source>
        <translation>关于 LoRA Recycle</translation>
    </message>
    <message>
        <source>Jobs are running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Stop them and quit?</source>
        <translation>
            <numerusform>仍有 %n 个任务在运行。停止它们并退出？</numerusform>
        </translation>
    </message>
    <message>
        <source>Guide: these are the LoRAs of the collection. Pick one to see its classes, held-out accuracy and whether it fits the model; “Invert…” takes it to the Inversion workspace, “Use for meta-training” takes the selection to Training.</source>
        <translation>指南：这些是集合中的 LoRA。选中一个可查看其类别、留出集准确率以及是否适配模型；“反演…”将其带到反演工作区，“用于元训练”将所选项带到训练工作区。</translation>
    </message>
    <message>
        <source>Guide: pick an adapter and press Start (F5). The settings are the recipe that made the default&apos;s pools; the estimate below them says how long it takes. Watch the images appear, then save the pool (Ctrl+S).</source>
        <translation>指南：选择一个适配器并按“开始”(F5)。这些设置就是生成默认图像池的配方；下方的估计给出所需时间。观察图像生成，然后保存图像池 (Ctrl+S)。</translation>
    </message>
    <message>
        <source>Guide: tick the LoRAs to recycle and press Start (F5). Missing pools are inverted first with the default&apos;s recipe; the curves show the meta-loss and the validation accuracy, and the result opens in the Playground in one click.</source>
        <translation>指南：勾选要回收的 LoRA 并按“开始”(F5)。缺失的图像池会先按默认配方反演；曲线显示元损失和验证准确率，结果一键即可在试验场中打开。</translation>
    </message>
    <message>
        <source>Guide: each column is a class with its support images; drop query images on the right. The plain model and the meta-LoRA answer side by side — drop more images into a class column to make the task your own.</source>
        <translation>指南：每一列是一个类别及其支持图像；把查询图像拖到右侧。原始模型和元 LoRA 并排作答——向类别列拖入更多图像，即可把任务变成您自己的。</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>(nothing opened yet)</source>
        <translation>（尚未打开任何内容）</translation>
    </message>
    <message>
        <source>Models, adapter folders and tasks you open are listed here</source>
        <translation>打开过的模型、适配器文件夹和任务会列在这里</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Forget the recently opened files (the files stay where they are)</source>
        <translation>清除最近打开记录（文件本身不受影响）</translation>
    </message>
    <message>
        <source>%1 no longer exists; it was removed from the recent list</source>
        <translation>%1 已不存在，已从最近列表中移除</translation>
    </message>
    <message>
        <source>The new language applies at the next start (jobs are running)</source>
        <translation>新语言将在下次启动时生效（有任务正在运行）</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Put back the classes and queries as they were before the last removal, clear or task load</source>
        <translation>恢复上一次删除、清空或加载任务之前的类别和查询</translation>
    </message>
    <message>
        <source>Remove every class and query (Undo puts them back)</source>
        <translation>移除所有类别和查询（可撤销）</translation>
    </message>
</context>
<context>
    <name>lrc::ui::PlaygroundPage</name>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Query images: drop or paste (Ctrl+V) images here to classify them</source>
        <translation>查询图像：将图像拖到这里或粘贴 (Ctrl+V) 进行分类</translation>
    </message>
    <message>
        <source>&lt;b&gt;Queries&lt;/b&gt; — drop images here</source>
        <translation>&lt;b&gt;查询&lt;/b&gt; —— 将图像拖到这里</translation>
    </message>
    <message>
        <source>Add queries…</source>
        <translation>添加查询…</translation>
    </message>
    <message>
        <source>Add query images from files…</source>
        <translation>从文件添加查询图像…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove every query image (Delete removes the selected ones)</source>
        <translation>移除所有查询图像（Delete 键移除所选项）</translation>
    </message>
    <message>
        <source>Add query images</source>
        <translation>添加查询图像</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>Add &amp;class</source>
        <translation>添加类别(&amp;C)</translation>
    </message>
    <message>
        <source>Add a class column (Ctrl+Shift+N)</source>
        <translation>添加一个类别列 (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Open a saved task (classes, images and queries)…</source>
        <translation>打开已保存的任务（类别、图像和查询）…</translation>
    </message>
    <message>
        <source>Open task</source>
        <translation>打开任务</translation>
    </message>
    <message>
        <source>Playground tasks (*.json)</source>
        <translation>试验场任务 (*.json)</translation>
    </message>
    <message>
        <source>Save this task as JSON (Ctrl+S)</source>
        <translation>将此任务保存为 JSON (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save task</source>
        <translation>保存任务</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Load the sample task that ships with the application</source>
        <translation>载入应用自带的示例任务</translation>
    </message>
    <message>
        <source>Plain VFM</source>
        <translation>仅基础模型</translation>
    </message>
    <message>
        <source>Classify with the plain foundation model (no adapter)</source>
        <translation>仅用基础模型分类（不加适配器）</translation>
    </message>
    <message>
        <source>VFM + meta-LoRA</source>
        <translation>基础模型 + 元 LoRA</translation>
    </message>
    <message>
        <source>Classify with the foundation model and the meta-LoRA</source>
        <translation>使用基础模型加元 LoRA 分类</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Show both side by side</source>
        <translation>并排显示两者</translation>
    </message>
    <message>
        <source>The meta-LoRA (or any adapter that fits the model) of the “VFM + meta-LoRA” column</source>
        <translation>“基础模型 + 元 LoRA”列所用的元 LoRA（或任何适配该模型的适配器）</translation>
    </message>
    <message>
        <source>Meta-LoRA</source>
        <translation>元 LoRA</translation>
    </message>
    <message>
        <source>Forward-pass time per query image (support prototypes are cached)</source>
        <translation>每张查询图像的前向传播时间（支持集原型已缓存）</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Add support images to %1</source>
        <translation>向 %1 添加支持图像</translation>
    </message>
    <message>
        <source>(no meta-LoRA)</source>
        <translation>（无元 LoRA）</translation>
    </message>
    <message>
        <source>meta-LoRA (embedded)</source>
        <translation>元 LoRA（内置）</translation>
    </message>
    <message>
        <source>Choose adapter…</source>
        <translation>选择适配器…</translation>
    </message>
    <message>
        <source>Choose a meta-LoRA or adapter</source>
        <translation>选择元 LoRA 或适配器</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors adapter_config.json)</source>
        <translation>适配器 (*.safetensors adapter_config.json)</translation>
    </message>
    <message>
        <source>Open a model to classify</source>
        <translation>请打开模型以进行分类</translation>
    </message>
    <message>
        <source>Add at least two classes</source>
        <translation>请至少添加两个类别</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es) without support images</source>
        <translation>
            <numerusform>%n 个类别没有支持图像</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop query images to classify them</source>
        <translation>拖入查询图像即可分类</translation>
    </message>
    <message>
        <source>Choose a meta-LoRA above to compare</source>
        <translation>请在上方选择一个元 LoRA 以进行比较</translation>
    </message>
    <message>
        <source>plain %1 ms</source>
        <translation>基础模型 %1 毫秒</translation>
    </message>
    <message>
        <source>meta-LoRA %1 ms</source>
        <translation>元 LoRA %1 毫秒</translation>
    </message>
    <message>
        <source>Latency per query: %1</source>
        <translation>每次查询延迟：%1</translation>
    </message>
    <message>
        <source>Saved the task to %1</source>
        <translation>已将任务保存到 %1</translation>
    </message>
    <message>
        <source>%1: cannot write the task (%2); choose another folder</source>
        <translation>%1：无法写入任务（%2）；请选择其他文件夹</translation>
    </message>
    <message>
        <source>%1: cannot read the task (%2)</source>
        <translation>%1：无法读取任务（%2）</translation>
    </message>
    <message>
        <source>%1: not a playground task (expected JSON with &quot;format&quot;: &quot;%2&quot;)</source>
        <translation>%1：不是试验场任务（应为含有 &quot;format&quot;: &quot;%2&quot; 的 JSON）</translation>
    </message>
    <message>
        <source>%1: no class folders with sample images</source>
        <translation>%1：没有包含示例图像的类别文件夹</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Squared Euclidean</source>
        <translation>欧氏距离平方</translation>
    </message>
    <message>
        <source>The distance to the class prototypes, the same for both columns</source>
        <translation>到类别原型的距离，两列相同</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>度量</translation>
    </message>
    <message>
        <source>%1 was meta-trained with the %2 distance; both columns use %3 (see Metric)</source>
        <translation>%1 以%2距离进行元训练；两列均使用%3（见“度量”）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the predictions of both columns as CSV</source>
        <translation>将两列的预测保存为 CSV</translation>
    </message>
    <message>
        <source>%1 %2 of %3 right (%4 %)</source>
        <translation>%1 %3 个中对 %2 个 (%4 %)</translation>
    </message>
    <message>
        <source>plain VFM</source>
        <translation>原始 VFM</translation>
    </message>
    <message>
        <source>Known labels (%1 of %2 queries, from their folder names): %3</source>
        <translation>已知类别（%2 个查询中的 %1 个，来自文件夹名）：%3</translation>
    </message>
    <message>
        <source>A query whose folder is named like a class, or holds that class&apos;s support images, counts as that class</source>
        <translation>查询图像所在文件夹与某类同名，或包含该类的支持图像时，即视为该类</translation>
    </message>
    <message>
        <source>Export predictions</source>
        <translation>导出预测</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved the predictions to %1</source>
        <translation>预测已保存到 %1</translation>
    </message>
    <message>
        <source>%1 does not fit the open model: %2</source>
        <translation>%1 与当前打开的模型不匹配：%2</translation>
    </message>
</context>
<context>
    <name>lrc::ui::PlotWidget</name>
    <message>
        <source>%1 — wheel to zoom, drag to pan, double-click to reset, right-click to export</source>
        <translation>%1 —— 滚轮缩放，拖动平移，双击复位，右键导出</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>%1: export as .png, .svg or .csv</source>
        <translation>%1：请导出为 .png、.svg 或 .csv</translation>
    </message>
    <message>
        <source>%1: the plot could not be rendered</source>
        <translation>%1：无法绘制图表</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Curve data as CSV (*.csv)</source>
        <translation>曲线数据 CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>lrc::ui::QueryTable</name>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Plain VFM</source>
        <translation>仅基础模型</translation>
    </message>
    <message>
        <source>VFM + meta-LoRA</source>
        <translation>基础模型 + 元 LoRA</translation>
    </message>
    <message>
        <source>Query images and their predictions</source>
        <translation>查询图像及其预测</translation>
    </message>
    <message>
        <source>Plain VFM · %1</source>
        <translation>仅基础模型 · %1</translation>
    </message>
    <message>
        <source>VFM + meta-LoRA · %1</source>
        <translation>基础模型 + 元 LoRA · %1</translation>
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
        <translation>%1：原始模型 %2 · LoRA Recycle %3</translation>
    </message>
    <message>
        <source>Recorded on the embedded default (mean ± 95 % interval, the same episodes for both):</source>
        <translation>在内置默认资源上记录（均值 ± 95% 置信区间，两者使用相同的任务）：</translation>
    </message>
</context>
<context>
    <name>lrc::ui::ResultDelegate</name>
    <message>
        <source>waiting for a complete support set…</source>
        <translation>等待完整的支持集…</translation>
    </message>
    <message>
        <source>(is %1)</source>
        <translation>（应为 %1）</translation>
    </message>
</context>
<context>
    <name>lrc::ui::SettingsDialog</name>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>LibTorch threads at start (0: every core); the model bar changes it for this session</source>
        <translation>启动时的 LibTorch 线程数（0：全部核心）；模型栏可在本次会话中修改</translation>
    </message>
    <message>
        <source>&amp;Threads at start</source>
        <translation>启动时线程数(&amp;T)</translation>
    </message>
    <message>
        <source>Automatic (bf16 where the hardware runs it fast)</source>
        <translation>自动（硬件能快速运行时使用 bf16）</translation>
    </message>
    <message>
        <source>fp32 (full precision)</source>
        <translation>fp32（全精度）</translation>
    </message>
    <message>
        <source>bf16 (mixed precision)</source>
        <translation>bf16（混合精度）</translation>
    </message>
    <message>
        <source>fp16 (mixed precision, CUDA only)</source>
        <translation>fp16（混合精度，仅限 CUDA）</translation>
    </message>
    <message>
        <source>Numeric precision of inversion, meta-training and classification. Weights, optimizer state, inverted pixels, losses and distances stay fp32 in every mode.</source>
        <translation>反演、元训练和分类的数值精度。在任何模式下，权重、优化器状态、反演像素、损失和距离都保持 fp32。</translation>
    </message>
    <message>
        <source>&amp;Precision</source>
        <translation>精度(&amp;P)</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>当前：%1</translation>
    </message>
    <message>
        <source>automatic (LRC_DEFAULT_DIR or resources/default)</source>
        <translation>自动（LRC_DEFAULT_DIR 或 resources/default）</translation>
    </message>
    <message>
        <source>The folder of the embedded default model, prior, demo collection, meta-LoRA and samples</source>
        <translation>内置默认模型、先验、演示收藏、元 LoRA 和示例所在的文件夹</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>&amp;Default assets</source>
        <translation>默认资源(&amp;D)</translation>
    </message>
    <message>
        <source>Default assets folder</source>
        <translation>默认资源文件夹</translation>
    </message>
    <message>
        <source>The language of the interface; applied when you press OK</source>
        <translation>界面语言；按“确定”后立即生效</translation>
    </message>
    <message>
        <source>The language applies at once; the default assets folder at the next start.</source>
        <translation>语言立即生效；默认资源文件夹在下次启动时生效。</translation>
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
        <translation>把他人调好的 LoRA 适配器变成小样本学习器——无需他们的数据。</translation>
    </message>
    <message>
        <source>1. Collect</source>
        <translation>1. 收集</translation>
    </message>
    <message>
        <source>Open a folder of pre-tuned LoRAs and see which ones fit your foundation model.</source>
        <translation>打开预调 LoRA 文件夹，查看哪些适配你的基础模型。</translation>
    </message>
    <message>
        <source>2. Invert</source>
        <translation>2. 反演</translation>
    </message>
    <message>
        <source>Synthesize surrogate images from each adapter — no original data needed.</source>
        <translation>从每个适配器合成替代图像——无需原始数据。</translation>
    </message>
    <message>
        <source>3. Meta-train</source>
        <translation>3. 元训练</translation>
    </message>
    <message>
        <source>Recycle them into one meta-LoRA that solves new few-shot tasks without tuning.</source>
        <translation>把它们回收为一个元 LoRA，无需调优即可解决新的小样本任务。</translation>
    </message>
    <message>
        <source>4. Try it</source>
        <translation>4. 试用</translation>
    </message>
    <message>
        <source>Drop one image per class and see the predictions at once.</source>
        <translation>每类拖入一张图像，立即查看预测结果。</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Open a ViT: an HF CLIP / HF ViT folder, a timm or project-format .safetensors file (Ctrl+O)</source>
        <translation>打开 ViT：HF CLIP / HF ViT 文件夹，或 timm / 本项目格式的 .safetensors 文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Open adapter folder…</source>
        <translation>打开适配器文件夹…</translation>
    </message>
    <message>
        <source>Scan a folder of LoRA adapters (Ctrl+Shift+O)</source>
        <translation>扫描 LoRA 适配器文件夹 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
    </message>
    <message>
        <source>Go to the Playground (Ctrl+4)</source>
        <translation>前往试验场 (Ctrl+4)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>带我看看</translation>
    </message>
    <message>
        <source>Open this workspace with a short guide</source>
        <translation>打开此工作区并显示简短指南</translation>
    </message>
</context>
<context>
    <name>lrc::ui::TrainingJob</name>
    <message>
        <source>no model is open</source>
        <translation>未打开模型</translation>
    </message>
</context>
<context>
    <name>lrc::ui::TrainingPage</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>LoRAs to recycle</source>
        <translation>要回收的 LoRA</translation>
    </message>
    <message>
        <source>The collection&apos;s adapters that fit the model and have a head; tick those to recycle</source>
        <translation>收藏中适配模型且带分类头的适配器；勾选要回收的项</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Tick every adapter</source>
        <translation>勾选全部适配器</translation>
    </message>
    <message>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Untick every adapter</source>
        <translation>取消勾选全部适配器</translation>
    </message>
    <message>
        <source>%1 of %2 ticked</source>
        <translation>已勾选 %1 / %2</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>回合</translation>
    </message>
    <message>
        <source>Classes per episode (N-way)</source>
        <translation>每个回合的类别数（N-way）</translation>
    </message>
    <message>
        <source>&amp;Way</source>
        <translation>类别数(&amp;W)</translation>
    </message>
    <message>
        <source>Support images per class (K-shot)</source>
        <translation>每类支持图像数（K-shot）</translation>
    </message>
    <message>
        <source>S&amp;hot</source>
        <translation>样本数(&amp;H)</translation>
    </message>
    <message>
        <source>Query images per class</source>
        <translation>每类查询图像数</translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation>查询数(&amp;Q)</translation>
    </message>
    <message>
        <source>Meta-training steps, one episode each (reference runs: 240 000)</source>
        <translation>元训练步数，每步一个回合（参考运行：240 000）</translation>
    </message>
    <message>
        <source>&amp;Episodes</source>
        <translation>回合数(&amp;E)</translation>
    </message>
    <message>
        <source>Adam learning rate (cosine warm restarts: cycle 100, warm-up 25)</source>
        <translation>Adam 学习率（余弦热重启：周期 100，预热 25）</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>学习率(&amp;L)</translation>
    </message>
    <message>
        <source>Use the pools&apos; token masks</source>
        <translation>使用图像池的 token 掩码</translation>
    </message>
    <message>
        <source>Sparse tokens from each image&apos;s inversion mask; untick to choose a fixed mask ratio</source>
        <translation>使用每张图像反演掩码中的稀疏 token；取消勾选以设定固定掩码比例</translation>
    </message>
    <message>
        <source>Share of the least important patches left out of every image (0 = dense)</source>
        <translation>每张图像中舍弃的最不重要图块比例（0 = 稠密）</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>&amp;Mask ratio</source>
        <translation>掩码比例(&amp;M)</translation>
    </message>
    <message>
        <source>Rank of the meta-LoRA (on q and v of every block)</source>
        <translation>元 LoRA 的秩（作用于每个块的 q 和 v）</translation>
    </message>
    <message>
        <source>Ran&amp;k</source>
        <translation>秩(&amp;K)</translation>
    </message>
    <message>
        <source>Random seed of the episodes</source>
        <translation>回合的随机种子</translation>
    </message>
    <message>
        <source>See&amp;d</source>
        <translation>随机种子(&amp;D)</translation>
    </message>
    <message>
        <source>Data and output</source>
        <translation>数据与输出</translation>
    </message>
    <message>
        <source>&amp;Pool folder</source>
        <translation>图像池文件夹(&amp;P)</translation>
    </message>
    <message>
        <source>Inverted images, one sub-folder per adapter (made when missing)</source>
        <translation>反演图像，每个适配器一个子文件夹（缺失时自动生成）</translation>
    </message>
    <message>
        <source>Pool folder</source>
        <translation>图像池文件夹</translation>
    </message>
    <message>
        <source>Invert adapters without a pool first</source>
        <translation>先反演没有图像池的适配器</translation>
    </message>
    <message>
        <source>Adapters with no pool in the pool folder are inverted before meta-training starts</source>
        <translation>图像池文件夹中没有图像池的适配器会在元训练开始前先被反演</translation>
    </message>
    <message>
        <source>Inversion iterations for missing pools (reference: 2000)</source>
        <translation>缺失图像池的反演迭代次数（参考值：2000）</translation>
    </message>
    <message>
        <source>Inversion &amp;iterations</source>
        <translation>反演迭代次数(&amp;I)</translation>
    </message>
    <message>
        <source>Images per class for missing pools (shot + query needed at least)</source>
        <translation>缺失图像池时每类生成的图像数（至少为 shot + query）</translation>
    </message>
    <message>
        <source>Images per c&amp;lass</source>
        <translation>每类图像数(&amp;L)</translation>
    </message>
    <message>
        <source>optional: real images, one folder per class</source>
        <translation>可选：真实图像，每类一个文件夹</translation>
    </message>
    <message>
        <source>&amp;Validation</source>
        <translation>验证集(&amp;V)</translation>
    </message>
    <message>
        <source>Optional real labeled images (one sub-folder per class) to validate on</source>
        <translation>可选的真实带标签图像（每类一个子文件夹），用于验证</translation>
    </message>
    <message>
        <source>Validation images</source>
        <translation>验证图像</translation>
    </message>
    <message>
        <source>Validate every this many episodes</source>
        <translation>每隔多少个回合验证一次</translation>
    </message>
    <message>
        <source> episodes</source>
        <translation> 个回合</translation>
    </message>
    <message>
        <source>Validate e&amp;very</source>
        <translation>验证间隔(&amp;V)</translation>
    </message>
    <message>
        <source>Write a checkpoint every this many episodes (0: only at the end or on Stop)</source>
        <translation>每隔多少个回合写入检查点（0：仅在结束或停止时）</translation>
    </message>
    <message>
        <source>C&amp;heckpoint every</source>
        <translation>检查点间隔(&amp;H)</translation>
    </message>
    <message>
        <source>Resume from the latest checkpoint</source>
        <translation>从最新检查点继续</translation>
    </message>
    <message>
        <source>Continue a stopped run of the same output file exactly where it left off</source>
        <translation>从中断处精确继续同一输出文件的已停止运行</translation>
    </message>
    <message>
        <source>&amp;Output</source>
        <translation>输出(&amp;O)</translation>
    </message>
    <message>
        <source>Where the meta-LoRA is written (checkpoints go beside it)</source>
        <translation>元 LoRA 的保存位置（检查点保存在旁边）</translation>
    </message>
    <message>
        <source>Meta-LoRA file</source>
        <translation>元 LoRA 文件</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors)</source>
        <translation>适配器 (*.safetensors)</translation>
    </message>
    <message>
        <source>Start meta-training (F5)</source>
        <translation>开始元训练 (F5)</translation>
    </message>
    <message>
        <source>Pause or resume meta-training</source>
        <translation>暂停或继续元训练</translation>
    </message>
    <message>
        <source>Stop meta-training (Esc); a checkpoint is written so it can be resumed</source>
        <translation>停止元训练 (Esc)；会写入检查点以便继续</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Meta-training progress</source>
        <translation>元训练进度</translation>
    </message>
    <message>
        <source>Meta-loss</source>
        <translation>元损失</translation>
    </message>
    <message>
        <source>episode</source>
        <translation>回合</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>训练日志</translation>
    </message>
    <message>
        <source>Log of this run</source>
        <translation>本次运行的日志</translation>
    </message>
    <message>
        <source>&lt;b&gt;Checkpoints&lt;/b&gt;</source>
        <translation>&lt;b&gt;检查点&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Checkpoints written so far (step); a stopped run resumes from the latest</source>
        <translation>目前已写入的检查点（步数）；停止的运行会从最新的检查点继续</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Save meta-LoRA…</source>
        <translation>保存元 LoRA…</translation>
    </message>
    <message>
        <source>Save the trained meta-LoRA in the project format or as a PEFT folder (Ctrl+S)</source>
        <translation>以本项目格式或 PEFT 文件夹保存训练好的元 LoRA (Ctrl+S)</translation>
    </message>
    <message>
        <source>Load into playground</source>
        <translation>载入试验场</translation>
    </message>
    <message>
        <source>Try the meta-LoRA at once on your own images in the Playground</source>
        <translation>立即在试验场中用你自己的图像试用元 LoRA</translation>
    </message>
    <message>
        <source>No model is open: open a model (Ctrl+O) before meta-training</source>
        <translation>未打开模型：请先打开模型 (Ctrl+O) 再进行元训练</translation>
    </message>
    <message>
        <source>Tick at least one LoRA to recycle (open a folder in the Collection first)</source>
        <translation>请至少勾选一个要回收的 LoRA（先在收藏中打开文件夹）</translation>
    </message>
    <message>
        <source>Choose a pool folder and an output file</source>
        <translation>请选择图像池文件夹和输出文件</translation>
    </message>
    <message>
        <source>Meta-training %1</source>
        <translation>元训练 %1</translation>
    </message>
    <message>
        <source>Started: %1 LoRAs, %2-way %3-shot %4-query, %5 episodes</source>
        <translation>已开始：%1 个 LoRA，%2-way %3-shot %4-query，%5 个回合</translation>
    </message>
    <message>
        <source>Inverting missing pools: %1 of %2 (%3)</source>
        <translation>正在反演缺失的图像池：%1 / %2（%3）</translation>
    </message>
    <message>
        <source>Inverting %1: iteration %2 / %3</source>
        <translation>正在反演 %1：第 %2 / %3 次迭代</translation>
    </message>
    <message>
        <source>Episode %1 / %2 · loss %3</source>
        <translation>回合 %1 / %2 · 损失 %3</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Done: %1 episodes in %2</source>
        <translation>完成：%2 内完成 %1 个回合</translation>
    </message>
    <message>
        <source> · best validation accuracy %1 % (episode %2)</source>
        <translation> · 最佳验证准确率 %1 %（第 %2 回合）</translation>
    </message>
    <message>
        <source>The meta-LoRA is saved to %1. Try it in the Playground.</source>
        <translation>元 LoRA 已保存到 %1。去试验场试试吧。</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Stopped at episode %1 — tick “Resume” and Start to continue</source>
        <translation>已在第 %1 回合停止 —— 勾选“从最新检查点继续”并点击开始即可继续</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Paused at episode %1</source>
        <translation>已在第 %1 回合暂停</translation>
    </message>
    <message>
        <source>Nothing to save yet: run meta-training to the end first</source>
        <translation>尚无可保存内容：请先完整运行一次元训练</translation>
    </message>
    <message>
        <source>Saved the meta-LoRA to %1</source>
        <translation>已将元 LoRA 保存到 %1</translation>
    </message>
    <message>
        <source>LoRA Recycle adapter (*.safetensors)</source>
        <translation>LoRA Recycle 适配器 (*.safetensors)</translation>
    </message>
    <message>
        <source>PEFT folder (adapter_config.json + adapter_model.safetensors)</source>
        <translation>PEFT 文件夹 (adapter_config.json + adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>Save meta-LoRA</source>
        <translation>保存元 LoRA</translation>
    </message>
    <message>
        <source>Where the model computes (the same setting as the model bar&apos;s; changing it reloads the model)</source>
        <translation>模型的计算位置（与模型栏的设置相同；更改后会重新载入模型）</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>设备(&amp;V)</translation>
    </message>
    <message>
        <source>Stop meta-training? A checkpoint is written, and Start resumes from it.</source>
        <translation>停止元训练？将写入检查点，“开始”会从该处继续。</translation>
    </message>
    <message>
        <source>%1
Select to save it or load it into the Playground; double-click loads it</source>
        <translation>%1
选中后可保存或载入试验场；双击即可载入</translation>
    </message>
    <message>
        <source>Overall ETA %1</source>
        <translation>总预计剩余 %1</translation>
    </message>
    <message>
        <source>Pools: ETA %1, then meta-training</source>
        <translation>图像池：预计剩余 %1，之后进行元训练</translation>
    </message>
    <message>
        <source>Episodes averaged per optimizer step (the published recipe: 1)</source>
        <translation>每个优化步平均的回合数（已发表的配方：1）</translation>
    </message>
    <message>
        <source>Episodes per s&amp;tep</source>
        <translation>每步回合数(&amp;T)</translation>
    </message>
    <message>
        <source>Local processes that share every step&apos;s episodes (data-parallel on this machine: the threads are split between them, the result is the same as one process with the same episodes per step; no pause)</source>
        <translation>分担每步回合的本地进程数（在本机上数据并行：线程在进程间平分，结果与单进程、相同每步回合数时一致；不能暂停）</translation>
    </message>
    <message>
        <source>Processe&amp;s</source>
        <translation>进程数(&amp;S)</translation>
    </message>
    <message>
        <source>A run of several processes cannot pause: Stop writes a checkpoint, and Start with “Resume” continues from it</source>
        <translation>多进程运行无法暂停：停止会写入检查点，勾选“从最新检查点继续”后点击开始即可从那里继续</translation>
    </message>
    <message>
        <source>A run of several processes cannot pause: Stop, then Start with “Resume”</source>
        <translation>多进程运行无法暂停：请先停止，再勾选“从最新检查点继续”并开始</translation>
    </message>
</context>
<context>
    <name>lrc::ui::Workspace</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>Stop the running job?</source>
        <translation>停止正在运行的任务？</translation>
    </message>
</context>
</TS>
