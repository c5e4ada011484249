# The dependency direction (DESIGN.md §2), checked at configure time: a library of ours may link
# only the libraries of ours listed for it below, and the lower layers never link ImGui, SDL or
# curl. A link against the direction stops the configure with the offending edge named, before
# anything is compiled — the direction is kept by the build, not by review alone.
#
#   feedback-kiosk    -> kiosk_app, kiosk_ui, kiosk_report, …
#   feedback-sync     -> sync_client, kiosk_config        (never kiosk_app)
#   feedback-collector-> sync_collector                    (of the kiosk: report and core only)
#   kiosk_app -> kiosk_config, report_store, exchange, text -> store -> core -> common
#   kiosk_report_store -> kiosk_report, kiosk_store;  kiosk_report -> core (no store: issue 19)
#   feedback-pdf (module, dlopen()ed by report) -> report
#   kiosk_app -> kiosk_speech_prompts -> core;  kiosk_speech (SDL, espeak) -> kiosk_speech_prompts
#   kiosk_ui -> core, text;  sync_client -> store, protocol;  sync_collector -> protocol -> common
#   sync_client, feedback-collector -> sync_entry_wire -> protocol, core (core::Entry as a WireEntry)
#   sync_collector -> sync_console -> common   (the staff console, issue 18: nothing of the kiosk)
#   sync_collector, sync_console -> sync_pg (libpq only; PostgreSQL storage, issue 20)
#   sync_collector -> sync_public -> kiosk_report (the public results, issue 19: the kiosk's report
#                     code computes the published figures, linked rather than copied)
#   sync_collector -> kiosk_report, kiosk_exchange_parse -> kiosk_core  (the combined report and
#                     the paper import at the centre, issue 19: the kiosk's code linked, never
#                     copied; never the kiosk's store)
#
# How: each listed target's LINK_LIBRARIES and INTERFACE_LINK_LIBRARIES (generator expressions
# such as $<LINK_ONLY:…> unwrapped) against its allowed list. A library of ours that is not
# listed at all is an error too, so a new folder is placed in the direction when it is added.
# Test and benchmark executables are not checked: they may link whatever they exercise.

set(FEEDBACK_ALLOWED_LINKS_feedback_common "")
set(FEEDBACK_ALLOWED_LINKS_feedback_fonts "")
set(FEEDBACK_ALLOWED_LINKS_kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_store kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_text feedback_fonts feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_exchange_parse kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_exchange kiosk_exchange_parse kiosk_store kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_report kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_report_store kiosk_report kiosk_store kiosk_core feedback_common)
# The PDF renderer module (Pango/Cairo), dlopen()ed by kiosk_report's render_pdf: nothing links it.
set(FEEDBACK_ALLOWED_LINKS_feedback-pdf kiosk_report kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_ui kiosk_core kiosk_text feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_config kiosk_store kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_speech_prompts kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_speech kiosk_speech_prompts kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_kiosk_app kiosk_config kiosk_store kiosk_core kiosk_text kiosk_report
    kiosk_report_store kiosk_exchange kiosk_speech_prompts feedback_fonts feedback_common)
set(FEEDBACK_ALLOWED_LINKS_imgui_sdlrenderer "")
set(FEEDBACK_ALLOWED_LINKS_feedback-kiosk kiosk_app kiosk_ui kiosk_report kiosk_report_store kiosk_config kiosk_store
    kiosk_core kiosk_text kiosk_speech kiosk_speech_prompts imgui_sdlrenderer feedback_common)
set(FEEDBACK_ALLOWED_LINKS_sync_protocol feedback_common)
set(FEEDBACK_ALLOWED_LINKS_sync_entry_wire sync_protocol kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_sync_client kiosk_store sync_protocol sync_entry_wire feedback_common)
set(FEEDBACK_ALLOWED_LINKS_feedback-sync sync_client kiosk_config feedback_common)
set(FEEDBACK_ALLOWED_LINKS_sync_console feedback_common sync_pg)
set(FEEDBACK_ALLOWED_LINKS_sync_pg)
set(FEEDBACK_ALLOWED_LINKS_sync_public kiosk_report kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_sync_collector sync_protocol sync_console sync_pg sync_public kiosk_report kiosk_exchange_parse kiosk_core feedback_common)
set(FEEDBACK_ALLOWED_LINKS_feedback-collector sync_collector sync_entry_wire sync_console sync_pg kiosk_report kiosk_exchange_parse kiosk_core feedback_common)

# Every target named above is "ours"; an edge to anything else is a system library.
set(FEEDBACK_OUR_TARGETS feedback_common feedback_fonts kiosk_core kiosk_store kiosk_text
    kiosk_exchange kiosk_exchange_parse kiosk_report kiosk_report_store feedback-pdf kiosk_ui kiosk_config kiosk_app imgui_sdlrenderer feedback-kiosk
    kiosk_speech_prompts kiosk_speech
    sync_protocol sync_entry_wire sync_client feedback-sync sync_console sync_pg sync_public sync_collector feedback-collector)

# The layers that build and are tested without a display or network code (DESIGN.md §2).
set(FEEDBACK_NO_UI_OR_CURL feedback_common kiosk_core kiosk_store kiosk_report feedback-pdf kiosk_report_store kiosk_exchange kiosk_exchange_parse
    kiosk_text kiosk_config kiosk_speech_prompts sync_protocol sync_entry_wire sync_console sync_pg sync_public)
set(FEEDBACK_UI_OR_CURL_TARGETS CURL::libcurl SDL2::SDL2 SDL2::SDL2main PkgConfig::IMGUI
    imgui_sdlrenderer)

# The targets of ours that `target` links directly, in `out`.
function(feedback_direct_links target out)
  get_target_property(type ${target} TYPE)
  set(links "")
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${target} LINK_LIBRARIES)
    if(direct)
      list(APPEND links ${direct})
    endif()
  endif()
  get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
  if(interface)
    list(APPEND links ${interface})
  endif()
  set(names "")
  foreach(link IN LISTS links)
    # $<LINK_ONLY:x> (a static library's private link) and similar wrappers: keep the name.
    string(REGEX REPLACE "^\\$<[A-Z_]+:(.*)>$" "\\1" link "${link}")
    list(APPEND names ${link})
  endforeach()
  list(REMOVE_DUPLICATES names)
  set(${out} ${names} PARENT_SCOPE)
endfunction()

# Checks every target defined in `directory` and below; FATAL_ERROR on the first violations.
function(feedback_check_dependency_direction directory)
  set(problems "")
  set(dirs ${directory})
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${subdirs})
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "UTILITY" OR target MATCHES "^(test_|bench_|fuzz_)" OR target STREQUAL "test_main")
        continue()
      endif()
      if(NOT target IN_LIST FEEDBACK_OUR_TARGETS)
        list(APPEND problems "${target} is not placed in the dependency direction (add it to tests/dependency_direction/dependency_direction.cmake)")
        continue()
      endif()
      feedback_direct_links(${target} links)
      foreach(link IN LISTS links)
        if(link IN_LIST FEEDBACK_OUR_TARGETS AND NOT link IN_LIST FEEDBACK_ALLOWED_LINKS_${target})
          list(APPEND problems "${target} links ${link}, against the direction")
        endif()
        if(target IN_LIST FEEDBACK_NO_UI_OR_CURL AND link IN_LIST FEEDBACK_UI_OR_CURL_TARGETS)
          list(APPEND problems "${target} links ${link}; it must build without a display or curl")
        endif()
      endforeach()
    endforeach()
  endwhile()
  if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "Dependency direction (DESIGN.md §2) broken:\n  ${text}")
  endif()
endfunction()
