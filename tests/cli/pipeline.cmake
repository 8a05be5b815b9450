# The whole recycling pipeline through the CLI on the tiny fixtures, in a scratch folder:
# tune-lora → make-zoo → invert --zoo → meta-train (pool, on the fly, resume) → evaluate →
# classify. Each step must exit 0 and leave what the next one reads.
#   cmake -DCLI=... -DDATA=... -DWORK=... -P pipeline.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(model ${DATA}/models/timm)
set(images ${DATA}/images)

function(run name)
  set(threads --threads 1)
  list(GET ARGN 0 command)
  if(command STREQUAL "info")
    set(threads "")
  endif()
  execute_process(COMMAND ${CLI} ${ARGN} ${threads} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (exit ${rc})\n${CLI} ${ARGN}\nstdout: ${out}\nstderr: ${err}")
  endif()
  message(STATUS "${name}: ${out}")
  set(last_out "${out}" PARENT_SCOPE)
  set(last_err "${err}" PARENT_SCOPE)
endfunction()

function(expect_file path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "missing ${path}")
  endif()
endfunction()

run(tune-lora tune-lora --model ${model} --data ${images} --classes red,green,blue --steps 5 --out ${WORK}/one.safetensors)
run(info-tuned info --json ${WORK}/one.safetensors)
if(NOT last_out MATCHES "\"classes\": \\[\n *\"red\"")
  message(FATAL_ERROR "the tuned LoRA does not list its classes: ${last_out}")
endif()

run(make-zoo make-zoo --model ${model} --data ${images} --count 2 --way 2 --steps 5 --out ${WORK}/zoo)
expect_file(${WORK}/zoo/index.json)
expect_file(${WORK}/zoo/lora_001.safetensors)

run(invert-zoo invert --model ${model} --zoo ${WORK}/zoo --out ${WORK}/pools --iterations 4 --per-class 4
    --prune-layers 0 --prune-ratios 0.5 --mask-ratio 0.25)
expect_file(${WORK}/pools/lora_000/pool.safetensors)
expect_file(${WORK}/pools/lora_001/images)
run(info-pool info ${WORK}/pools/lora_000)
if(NOT last_out MATCHES "surrogate pool of LoRA \"lora_000\": 8 images, 2 classes")
  message(FATAL_ERROR "info should describe the pool: ${last_out}")
endif()
run(invert-zoo-again invert --model ${model} --zoo ${WORK}/zoo --out ${WORK}/pools --iterations 4 --per-class 4)
if(NOT last_out MATCHES "kept .*already inverted")
  message(FATAL_ERROR "a second invert --zoo should keep finished pools: ${last_out}")
endif()

run(meta-train meta-train --model ${model} --zoo ${WORK}/zoo --pool ${WORK}/pools --out ${WORK}/meta.safetensors
    --way 2 --shot 1 --query 2 --episodes 6 --mask-ratio 0.5 --checkpoint-every 3 --val-pool ${WORK}/pools
    --val-every 3 --val-episodes 2 --export-peft ${WORK}/meta_peft)
expect_file(${WORK}/meta.safetensors)
if(NOT last_out MATCHES "\\(best, episode [36]\\) after 6 episodes, best validation accuracy [0-9.]+ % at episode [36]")
  message(FATAL_ERROR "meta-train should say which episode it kept: ${last_out}")
endif()
# Without a terminal the learning curve still reaches the log: one line per validation.
if(NOT last_err MATCHES "episode 3: validation accuracy [0-9.]+ %, validation loss [0-9.]+, loss [0-9.]+\n.*episode 6: validation accuracy")
  message(FATAL_ERROR "meta-train should log each validation on stderr: ${last_err}")
endif()
expect_file(${WORK}/meta.safetensors.checkpoints/step_00000006/optimizer.safetensors)
expect_file(${WORK}/meta_peft/adapter_config.json)
run(meta-train-resume meta-train --model ${model} --zoo ${WORK}/zoo --pool ${WORK}/pools --out ${WORK}/meta2.safetensors
    --way 2 --shot 1 --query 2 --episodes 6 --mask-ratio 0.5 --checkpoint-every 3 --resume
    --checkpoint-dir ${WORK}/meta.safetensors.checkpoints)
run(meta-train-on-the-fly meta-train --model ${model} --zoo ${WORK}/zoo --out ${WORK}/meta_fly.safetensors
    --way 2 --shot 1 --query 1 --episodes 2 --invert-iterations 2)
run(meta-train-real meta-train --model ${model} --zoo ${WORK}/zoo --real-data ${images} --out ${WORK}/meta_real.safetensors
    --way 2 --shot 1 --query 2 --episodes 2)
# Classes drawn across the collection (pools and real data); no single teacher for KL.
run(meta-train-mixed meta-train --model ${model} --zoo ${WORK}/zoo --pool ${WORK}/pools --mix-sources
    --out ${WORK}/meta_mixed.safetensors --way 2 --shot 1 --query 2 --episodes 2 --mask-ratio 0.5)
run(meta-train-real-mixed meta-train --model ${model} --zoo ${WORK}/zoo --real-data ${images} --mix-sources
    --out ${WORK}/meta_real_mixed.safetensors --way 2 --shot 1 --query 2 --episodes 2)

run(evaluate evaluate --model ${model} --data ${images} --adapter ${WORK}/meta.safetensors
    --method protonet,linear-probe,lora-finetune,full-finetune --way 2 --shot 1 --query 2 --episodes 3
    --finetune-steps 2 --probe-steps 2 --json)
foreach(key method way shot query episodes mean ci95)
  if(NOT last_out MATCHES "\"${key}\"")
    message(FATAL_ERROR "evaluate --json lacks \"${key}\": ${last_out}")
  endif()
endforeach()
run(evaluate-zoo-average evaluate --model ${model} --data ${images} --method zoo-average --zoo ${WORK}/zoo
    --way 3 --shot 1 --query 2 --episodes 2)
if(NOT last_out MATCHES "\\| zoo-average \\|")
  message(FATAL_ERROR "evaluate should print a Markdown table row: ${last_out}")
endif()

run(classify classify --model ${model} --adapter ${WORK}/meta.safetensors --support red=${images}/red/0.png
    --support green=${images}/green/0.png ${images}/red/1.png --json)
if(NOT last_out MATCHES "\"predicted\"")
  message(FATAL_ERROR "classify --json lacks predictions: ${last_out}")
endif()
