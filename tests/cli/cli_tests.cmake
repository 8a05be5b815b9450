# The command-line contract (docs/method.md §7): exit 0 on success, 2 on bad input with the file
# and the problem on stderr, 1 on internal errors.
set(_cli $<TARGET_FILE:lora-recycle-cli>)
set(_data ${CMAKE_CURRENT_SOURCE_DIR}/data)

function(lrc_cli_test name rc)
  cmake_parse_arguments(C "" "ERR;OUT" "ARGS" ${ARGN})
  set(defs -DRC=${rc})
  if(DEFINED C_ERR)
    list(APPEND defs "-DERR=${C_ERR}")
  endif()
  if(DEFINED C_OUT)
    list(APPEND defs "-DOUT=${C_OUT}")
  endif()
  string(REPLACE ";" "|" _cmd "${_cli};${C_ARGS}")  # "|" survives the trip through -D
  add_test(NAME cli_${name} COMMAND ${CMAKE_COMMAND} "-DCMD=${_cmd}" ${defs}
           -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.cmake)
  set_tests_properties(cli_${name} PROPERTIES LABELS cli)
endfunction()

# Every malformed file: exit 2, message naming the file and the problem.
file(STRINGS ${_data}/bad/expected.tsv _rows REGEX "^[^#]")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_data}/bad/expected.tsv)  # new rows → new tests
foreach(row IN LISTS _rows)
  string(REPLACE "\t" ";" cols "${row}")
  list(GET cols 0 file)
  list(GET cols 1 expect)
  string(REGEX REPLACE "[^A-Za-z0-9_]" "_" tname "${file}")
  string(REGEX REPLACE "([][.?*+^$()|\\\\])" "\\\\\\1" expect_re "${expect}")
  lrc_cli_test(info_bad_${tname} 2 ARGS info ${_data}/bad/${file} ERR "${file}: .*${expect_re}")
endforeach()

# Adapter mismatches through embed: exit 2 and the hint.
lrc_cli_test(embed_wrong_width 2 ARGS embed --model ${_data}/models/hf_clip
             --adapter ${_data}/bad/adapters/reference_wrong_width.safetensors --pixels ${_data}/pixels.safetensors
             ERR "wrong base model\\?")
lrc_cli_test(embed_wrong_depth 2 ARGS embed --model ${_data}/models/timm
             --adapter ${_data}/bad/adapters/reference_wrong_depth.safetensors --pixels ${_data}/pixels.safetensors
             ERR "model has 2; wrong base model\\?")
lrc_cli_test(embed_pixels_wrong_key 2 ARGS embed --model ${_data}/models/timm --pixels ${_data}/expected/timm_plain.safetensors
             ERR "no tensor named \"pixel_values\"")
lrc_cli_test(embed_not_an_image 2 ARGS embed --model ${_data}/models/timm ${_data}/bad/not_safetensors.png
             ERR "not_safetensors.png: not a readable image")
lrc_cli_test(embed_missing_model 2 ARGS embed --pixels ${_data}/pixels.safetensors ERR "needs --model")
lrc_cli_test(embed_cuda_unavailable 2 ARGS embed --model ${_data}/models/timm --pixels ${_data}/pixels.safetensors --device cuda:7
             ERR "cuda")
lrc_cli_test(unknown_command 2 ARGS frobnicate ERR "unknown command")
lrc_cli_test(unknown_option 2 ARGS info --colour x ERR "unknown option --colour")
# Help, defaults and validation come from one CLI11 declaration bound to the API's settings.
lrc_cli_test(help_invert_defaults 0 ARGS help invert OUT "--per-class INT:>=1=16 .*--jitter FLOAT:FLOAT in \\[0 - 0.5\\]=0.125")
lrc_cli_test(help_meta_train_defaults 0 ARGS meta-train --help OUT "--episodes INT:>=1=240000")
lrc_cli_test(invert_range_error 2 ARGS invert --model m --out o --adapter a --per-class 0 ERR "--per-class: must be at least 1, got 0")
lrc_cli_test(invert_not_a_number 2 ARGS invert --model m --out o --adapter a --lr fast ERR "--lr")
lrc_cli_test(info_needs_path 2 ARGS info ERR "\"info\" needs PATH")
lrc_cli_test(info_extra_argument 2 ARGS info a b ERR "unexpected argument \"b\"")
lrc_cli_test(precision_unknown 2 ARGS embed --model m --pixels p --precision fp8 ERR "--precision")
lrc_cli_test(info_missing_path 2 ARGS info ${_data}/does-not-exist ERR "does-not-exist: no such file")

# Successful runs.
lrc_cli_test(info_clip_json 0 ARGS info --json ${_data}/models/hf_clip OUT "\"family\": \"hf-clip\"")
lrc_cli_test(info_peft_warns 0 ARGS info ${_data}/adapters/hf_clip_peft OUT "outside the vision tower")
lrc_cli_test(info_reference 0 ARGS info --json ${_data}/adapters/timm_reference.safetensors OUT "\"format\": \"reference\"")
lrc_cli_test(embed_json 0 ARGS embed --model ${_data}/models/hf_vit --pixels ${_data}/pixels.safetensors OUT "\"shape\":\\[3,32\\]")

# Parity through the CLI (writes --out files and compares them with the golden features).
lrc_add_test(NAME tst_cli_embed SOURCES cli/tst_cli_embed.cpp)
set_tests_properties(tst_cli_embed PROPERTIES ENVIRONMENT "LRC_CLI=$<TARGET_FILE:lora-recycle-cli>;OMP_NUM_THREADS=2")
add_dependencies(tst_cli_embed lora-recycle-cli)
lrc_add_test(NAME tst_cli_invert_batch SOURCES cli/tst_cli_invert_batch.cpp)
set_tests_properties(tst_cli_invert_batch PROPERTIES ENVIRONMENT "LRC_CLI=$<TARGET_FILE:lora-recycle-cli>;OMP_NUM_THREADS=2")
add_dependencies(tst_cli_invert_batch lora-recycle-cli)
# Data-parallel meta-training on the loopback (scripts/cluster/local.sh) and sharded inversion.
lrc_add_test(NAME tst_cli_distributed SOURCES cli/tst_cli_distributed.cpp TIMEOUT 300)
set_tests_properties(tst_cli_distributed PROPERTIES LABELS "cli;distributed" ENVIRONMENT
  "LRC_CLI=$<TARGET_FILE:lora-recycle-cli>;LRC_LOCAL_SH=${PROJECT_SOURCE_DIR}/scripts/cluster/local.sh;OMP_NUM_THREADS=1")
add_dependencies(tst_cli_distributed lora-recycle-cli)
# The CLI and the API with the same seed: the same bytes (the CLI is a thin adapter).
lrc_add_test(NAME tst_cli_api_contract SOURCES cli/tst_cli_api_contract.cpp LIBS lrc_core)
set_tests_properties(tst_cli_api_contract PROPERTIES ENVIRONMENT "LRC_CLI=$<TARGET_FILE:lora-recycle-cli>;OMP_NUM_THREADS=2")
add_dependencies(tst_cli_api_contract lora-recycle-cli)

# classify: tuning-free few-shot classification from --support classes (docs/method.md §5, §7).
set(_img ${_data}/images)
set(_support --support red=${_img}/red/0.png,${_img}/red/1.png,${_img}/red/2.png
             --support green=${_img}/green/0.png,${_img}/green/1.png,${_img}/green/2.png
             --support blue=${_img}/blue/0.png,${_img}/blue/1.png,${_img}/blue/2.png)
lrc_cli_test(classify_json 0 ARGS classify --model ${_data}/models/timm ${_support}
             ${_img}/red/3.png ${_img}/green/3.png ${_img}/blue/3.png --json
             OUT "^{\"classes\":\\[\"red\",\"green\",\"blue\"\\],\"queries\":\\[{\"image\":\"[^\"]*red/3.png\",\"predicted\":\"red\",\"probabilities\":{\"red\":[0-9.e-]+,\"green\":.*\"predicted\":\"green\".*\"predicted\":\"blue\".*\"distances\":{\"red\":.*\"latency_ms\":[0-9.e-]+")
lrc_cli_test(classify_table 0 ARGS classify --model ${_data}/models/timm ${_support} ${_img}/blue/3.png
             OUT "blue/3.png +blue ")
lrc_cli_test(classify_empty_class 2 ARGS classify --model ${_data}/models/timm --support red=
             --support green=${_img}/green/0.png ${_img}/red/3.png ERR "class \"red\" has no images")
lrc_cli_test(classify_duplicate_class 2 ARGS classify --model ${_data}/models/timm --support red=${_img}/red/0.png
             --support red=${_img}/red/1.png ${_img}/red/3.png ERR "class \"red\" is given twice")
lrc_cli_test(classify_one_class 2 ARGS classify --model ${_data}/models/timm --support red=${_img}/red/0.png
             ${_img}/red/3.png ERR "at least 2 classes")
lrc_cli_test(classify_no_query 2 ARGS classify --model ${_data}/models/timm ${_support} ERR "at least one QUERY")
lrc_cli_test(classify_bad_support_flag 2 ARGS classify --model ${_data}/models/timm --support ${_img}/red/0.png
             --support green=${_img}/green/0.png ${_img}/red/3.png ERR "expected NAME=IMAGE")
lrc_cli_test(classify_unreadable_query 2 ARGS classify --model ${_data}/models/timm ${_support}
             ${_data}/bad/not_safetensors.png ERR "not_safetensors.png: not a readable image")
lrc_cli_test(classify_missing_support_image 2 ARGS classify --model ${_data}/models/timm
             --support red=${_img}/red/0.png,${_img}/red/missing.png --support green=${_img}/green/0.png
             ${_img}/red/3.png ERR "missing.png: no such image file")

# The recycling pipeline end to end (tune → zoo → invert → meta-train → evaluate → classify).
add_test(NAME cli_pipeline
         COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:lora-recycle-cli> -DDATA=${_data}
                 -DWORK=${CMAKE_BINARY_DIR}/tests/pipeline -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/pipeline.cmake)
set_tests_properties(cli_pipeline PROPERTIES LABELS cli TIMEOUT 900)
lrc_cli_test(invert_no_head 2 ARGS invert --model ${_data}/models/timm --adapter ${_data}/adapters/timm_peft
             --out ${CMAKE_BINARY_DIR}/tests/no_head ERR "has no classification head")
lrc_cli_test(invert_prune_lists 2 ARGS invert --model ${_data}/models/hf_clip
             --adapter ${_data}/adapters/hf_clip_reference.safetensors --out ${CMAKE_BINARY_DIR}/tests/bad_prune
             --prune-layers 0,1 --prune-ratios 0.5 ERR "--prune-ratios has 1")
lrc_cli_test(meta_train_missing_zoo 2 ARGS meta-train --model ${_data}/models/timm --zoo ${_data}/does-not-exist
             --out x.safetensors ERR "not a folder of LoRA adapters")
lrc_cli_test(meta_train_mix_needs_data 2 ARGS meta-train --model ${_data}/models/timm --zoo ${_data}/adapters
             --out x.safetensors --mix-sources ERR "--mix-sources needs --pool or --real-data")
lrc_cli_test(evaluate_unknown_method 2 ARGS evaluate --model ${_data}/models/timm --data ${_data}/images --method knn
             ERR "unknown method")
lrc_cli_test(tune_unknown_class 2 ARGS tune-lora --model ${_data}/models/timm --data ${_data}/images
             --classes red,purple --out x.safetensors ERR "\"purple\" is not a class")
lrc_cli_test(info_not_a_pool 2 ARGS info ${_data}/bad/adapters/peft_dora ERR "DoRA")

# demo: the whole pipeline on a fresh glyph render (1 class per script), tiny settings.
lrc_cli_test(demo_tiny 0 ARGS demo --model ${_data}/models/timm --no-prior --work ${CMAKE_BINARY_DIR}/tests/demo
             --classes-per-script 1 --per-class-real 16 --loras 2 --tune-steps 2 --invert-iterations 2 --per-class 3
             --episodes 2 --eval-episodes 2 --threads 1
             OUT "\\| plain VFM \\+ prototypes \\|.*\\| LoRA Recycle \\(meta-LoRA\\) \\|")
set_tests_properties(cli_demo_tiny PROPERTIES TIMEOUT 600)
lrc_cli_test(demo_missing_prior 2 ARGS demo --model ${_data}/models/timm --prior ${_data}/no-such-prior.safetensors
             --work ${CMAKE_BINARY_DIR}/tests/demo_bad ERR "no-such-prior.safetensors")

# The committed embedded default: loads, and reproduces its recorded accuracy.
add_test(NAME cli_embedded_default
         COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:lora-recycle-cli> -DDEFAULT=${PROJECT_SOURCE_DIR}/resources/default
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/default.cmake)
set_tests_properties(cli_embedded_default PROPERTIES LABELS cli)

# The hostile-input corpus (tests/hostile): generated into the build tree when the tests run,
# then every case run as its own process with an exit-code, time, memory and output check.
add_executable(lrc_make_corpus ${CMAKE_CURRENT_SOURCE_DIR}/hostile/make_corpus.cpp)
target_link_libraries(lrc_make_corpus PRIVATE lrc_engine)
set_target_properties(lrc_make_corpus PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF
                      RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/tests")
lrc_set_warnings(lrc_make_corpus)
target_precompile_headers(lrc_make_corpus REUSE_FROM lrc_pch_host)
add_executable(lrc_run_corpus ${CMAKE_CURRENT_SOURCE_DIR}/hostile/run_corpus.cpp)
set_target_properties(lrc_run_corpus PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF
                      RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/tests")
lrc_set_warnings(lrc_run_corpus)
set(_corpus ${CMAKE_BINARY_DIR}/tests/hostile)
add_test(NAME hostile_corpus_generate
         COMMAND lrc_make_corpus ${_corpus} ${_data} $<TARGET_FILE:lora-recycle-cli>
                 ${PROJECT_SOURCE_DIR}/resources/default)
set_tests_properties(hostile_corpus_generate PROPERTIES FIXTURES_SETUP hostile LABELS hostile
                     ENVIRONMENT "OMP_NUM_THREADS=1")
add_test(NAME tst_hostile_corpus COMMAND lrc_run_corpus ${_corpus})
set_tests_properties(tst_hostile_corpus PROPERTIES FIXTURES_REQUIRED hostile LABELS hostile
                     TIMEOUT 900 RUN_SERIAL ON ENVIRONMENT "OMP_NUM_THREADS=2")
add_dependencies(lrc_run_corpus lora-recycle-cli)
